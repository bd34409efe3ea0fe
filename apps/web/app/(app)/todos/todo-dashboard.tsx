"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Fragment, type ReactNode, useEffect, useRef, useState } from "react";

import { Button } from "@/components/button";
import { Notice } from "@/components/notice";
import { useDebouncedValue } from "@/components/use-debounced-value";
import {
  ApiError,
  clearCompleted,
  createTodo,
  deleteTodo,
  errorMessage,
  getTodoCounts,
  newIdempotencyKey,
  restoreDeletion,
  type Todo,
  updateTodo,
} from "@/lib/api-client";
import { type DueView, dueGroups } from "./due-views";
import { KeyboardShortcuts, TODO_LIST_ID } from "./keyboard-shortcuts";
import { queryFromSearch, searchOfQuery } from "./list-query-url";
import { TodoCounts } from "./todo-counts";
import { TodoFilterBar } from "./todo-filter-bar";
import { TodoForm } from "./todo-form";
import type { TodoContent } from "./todo-form-values";
import { TodoItem } from "./todo-item";
import { UndoToast } from "./undo-toast";
import { useRepeatCompletion } from "./use-repeat-completion";
import { DEFAULT_QUERY, type ListQuery, narrowsList, todoKeys, useTodoList } from "./use-todo-list";
import { useUndo } from "./use-undo";

const SEARCH_DELAY_MS = 250;
// Long enough to read a line of a few words; screen readers have announced it the moment it came.
const STATUS_MESSAGE_MS = 8_000;

interface Feedback {
  tone: "success" | "error";
  text: string;
}

function isGone(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

/** The todo as it is now, when a change was refused because someone changed it first (412). */
function changedElsewhere(error: unknown): Todo | null {
  return error instanceof ApiError && error.status === 412 ? error.current : null;
}

/** A create being sent, and its key: sending the same content again (after a failure) reuses the key. */
interface PendingCreate {
  key: string;
  content: string;
}

interface TodoDashboardProps {
  userId: string;
  /** The page address's query string, where the list shown, its search, filters and sort live. */
  search: string;
  /** How often to ask again for what other members may have changed; false when nobody else can. */
  refetchInterval?: number | false;
  /** Whether the person may add and change todos here (not a viewer of the list shown). */
  canEdit?: boolean;
  /** Whether "Clear completed" would clear something of the person's (not only lists they view). */
  canClearCompleted?: boolean;
  /** Whether the person may change this todo (not a viewer of its list); they only see it otherwise. */
  canChange?: (todo: Todo) => boolean;
  /** Controls of a todo beyond editing and deleting (moving it to another list). */
  todoActions?: (todo: Todo) => ReactNode;
  /** Beside the list's heading (the lists' menu on a phone). */
  headingAside?: ReactNode;
}

const everyTodo = () => true;

export function TodoDashboard({
  userId,
  search,
  refetchInterval = false,
  canEdit = true,
  canClearCompleted = canEdit,
  canChange = everyTodo,
  todoActions,
  headingAside,
}: TodoDashboardProps) {
  const [query, setQuery] = useState<ListQuery>(() => queryFromSearch(new URLSearchParams(search)));
  // The address follows the list, so a reload, Back and a shared link show the same list.
  useEffect(() => {
    const search = searchOfQuery(query);
    // Not when it already does (the page's load): Next.js's router takes every replaceState as news.
    if (window.location.search === search) return;
    window.history.replaceState(window.history.state, "", `${window.location.pathname}${search}`);
  }, [query]);
  const list = useTodoList(useDebouncedValue(query, SEARCH_DELAY_MS), refetchInterval);
  const listId = query.list || undefined;
  // What the last action did: replaced by the next action's, and a success goes after a while (an error
  // stays until the next action, as it may need doing something).
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  useEffect(() => {
    if (feedback?.tone !== "success") return;
    const timer = setTimeout(() => setFeedback(null), STATUS_MESSAGE_MS);
    return () => clearTimeout(timer);
  }, [feedback]);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const pendingCreate = useRef<PendingCreate | null>(null);
  const queryClient = useQueryClient();
  // A help the list works without: none show until they come, and a failed refresh keeps the last ones.
  const counts = useQuery({
    queryKey: todoKeys.counts(query.list),
    queryFn: () => getTodoCounts(listId),
    refetchInterval,
  });
  const refreshCounts = () => queryClient.invalidateQueries({ queryKey: todoKeys.allCounts });
  const undo = useUndo(`todo-undo:${userId}`);

  const announce = (text: string) => setFeedback({ tone: "success", text });
  const report = (error: unknown) => setFeedback({ tone: "error", text: errorMessage(error) });
  // The undo notice says what was deleted; the last action's line would say something past.
  const offerUndo = (message: string, deletionId: string) => {
    setFeedback(null);
    undo.propose(message, deletionId);
  };
  const repeating = useRepeatCompletion({
    list,
    undo,
    announce,
    report,
    focusList: () => listHeading.current?.focus(),
  });

  async function add(content: TodoContent) {
    const todo = { ...content, completed: false, list_id: listId };
    const sent = JSON.stringify(todo);
    // A retry of a create whose answer was lost gets the first answer back instead of a second todo.
    if (pendingCreate.current?.content !== sent)
      pendingCreate.current = { key: newIdempotencyKey(), content: sent };
    const created = await createTodo(todo, pendingCreate.current.key);
    pendingCreate.current = null;
    // Reloaded rather than inserted: the server knows where it falls under the current filters and sort.
    const shown = await list.refresh();
    if (shown === null || shown.some((item) => item.id === created.id)) announce(`Added “${content.title}”.`);
    else if (narrowsList(query)) announce(`Added “${content.title}”, but your search or filters hide it.`);
    else announce(`Added “${content.title}”, further down the list.`);
  }

  async function save(todo: Todo, content: TodoContent) {
    try {
      list.replace(await updateTodo(todo.id, content, todo.version));
      announce(`Saved “${content.title}”.`);
    } catch (error) {
      const current = changedElsewhere(error);
      if (current) {
        // The form keeps what was typed; saving again replaces the version now shown.
        list.replace(current);
        throw new ApiError(
          412,
          "changed_elsewhere",
          `This todo was changed elsewhere while you edited it: it is now “${current.title}”. Save again to replace that version with yours, or cancel to keep it.`,
        );
      }
      if (isGone(error)) list.remove(todo);
      throw error;
    }
  }

  async function toggle(todo: Todo) {
    const completed = !todo.completed;
    list.replace({ ...todo, completed });
    try {
      // No precondition: the change sets one field to what the person sees, so it overwrites nothing else.
      const changed = await updateTodo(todo.id, { completed });
      void refreshCounts();
      // The server added the next occurrence, or took it back: the list is asked again to show it.
      if (changed.repeat_rule) void (completed ? repeating.completed(changed) : list.refresh());
      const done = completed ? `Marked “${todo.title}” as done.` : `Marked “${todo.title}” as not done.`;
      // In the Active or Completed view, a todo that no longer belongs there leaves it at once.
      if (query.status !== "all" && (query.status === "completed") !== completed) {
        list.remove(changed);
        listHeading.current?.focus();
        announce(`${done} It left this view.`);
        return;
      }
      list.replace(changed);
      announce(done);
    } catch (error) {
      if (isGone(error)) list.remove(todo);
      else list.replace(todo);
      report(error);
    }
  }

  async function remove(todo: Todo) {
    const restore = list.remove(todo);
    // The row and its buttons are gone; keep the keyboard focus in the list.
    listHeading.current?.focus();
    try {
      await deleteTodo(todo.id, todo.version);
      void refreshCounts();
      offerUndo(`Deleted “${todo.title}”.`, todo.id);
    } catch (error) {
      if (isGone(error)) {
        void refreshCounts();
        announce(`Deleted “${todo.title}”.`);
        return;
      }
      restore();
      const current = changedElsewhere(error);
      if (current) {
        list.replace(current);
        setFeedback({
          tone: "error",
          text: `“${current.title}” was changed elsewhere, so it was not deleted. It now shows the latest version; delete it again if you still want to.`,
        });
        return;
      }
      report(error);
    }
  }

  const clearCompletedTodos = useMutation({
    mutationFn: () => clearCompleted(listId),
    onSuccess: async ({ deleted, deletion_id }) => {
      await list.refresh();
      if (deletion_id)
        offerUndo(`${deleted} completed ${deleted === 1 ? "todo" : "todos"} cleared.`, deletion_id);
    },
    onError: report,
  });

  async function undoDeletion(deletionId: string) {
    undo.dismiss();
    // The notice and its button are gone; keep the keyboard focus in the list.
    listHeading.current?.focus();
    try {
      const restored = await restoreDeletion(deletionId);
      await list.refresh();
      announce(`Restored ${restored} ${restored === 1 ? "todo" : "todos"}.`);
    } catch (error) {
      if (isGone(error))
        setFeedback({ tone: "error", text: "This deletion can no longer be undone: it is too old." });
      else report(error);
    }
  }

  return (
    <div className="space-y-4">
      {canEdit && (
        <section
          aria-labelledby="add-todo-heading"
          className="rounded-xl border border-line bg-surface p-2 shadow-sm sm:p-3"
        >
          <h2 id="add-todo-heading" className="sr-only">
            Add a todo
          </h2>
          <TodoForm
            todo={null}
            label="Add a todo"
            submitLabel="Add todo"
            pendingLabel="Adding…"
            onSave={add}
            draftKey={`todo-draft:${userId}`}
          />
        </section>
      )}

      <section aria-labelledby="todo-list-heading" className="space-y-3">
        <div className="flex items-center justify-between gap-2">
          <h2 id="todo-list-heading" ref={listHeading} tabIndex={-1} className="text-lg font-semibold">
            Your todos
          </h2>
          {headingAside}
        </div>
        <UndoToast
          offer={undo.offer}
          onUndo={undo.offer?.kind === "uncomplete" ? repeating.undoCompletion : undoDeletion}
          onDismiss={undo.dismiss}
          onHold={undo.hold}
        />
        <TodoFilterBar
          query={query}
          onChange={(changes) => setQuery((current) => ({ ...current, ...changes }))}
        />
        {/* The counts and, right under them, the status line: one block, with no gap between. */}
        <div>
          <TodoCounts
            scope={query.list ? "In this list" : "All your todos"}
            counts={counts.data ?? null}
            onClearCompleted={canClearCompleted ? () => clearCompletedTodos.mutate() : undefined}
            clearing={clearCompletedTodos.isPending}
          />
          <div className="min-h-5 text-sm">
            <div role="status" data-testid="todo-feedback" className="text-success">
              {feedback?.tone === "success" && feedback.text}
            </div>
            <div role="alert" className="text-danger">
              {feedback?.tone === "error" && feedback.text}
            </div>
          </div>
        </div>

        <TodoListBody
          list={list}
          narrowed={narrowsList(query)}
          view={query.view}
          onClearFilters={() => setQuery({ ...DEFAULT_QUERY, list: query.list })}
          onToggle={toggle}
          onSave={save}
          onDelete={remove}
          onTag={(tag) => setQuery((current) => ({ ...current, tag }))}
          canChange={canChange}
          todoActions={todoActions}
        />
      </section>
      <KeyboardShortcuts />
    </div>
  );
}

interface TodoListBodyProps {
  list: ReturnType<typeof useTodoList>;
  narrowed: boolean;
  /** Today or Upcoming: the todos under their day's heading. */
  view: DueView | "";
  onClearFilters: () => void;
  onToggle: (todo: Todo) => void;
  onSave: (todo: Todo, content: TodoContent) => Promise<void>;
  onDelete: (todo: Todo) => void;
  onTag: (tag: string) => void;
  canChange: (todo: Todo) => boolean;
  todoActions?: (todo: Todo) => ReactNode;
}

/** The list in each of its states: first load, failure, empty, and todos with "Load more". */
function TodoListBody({
  list,
  narrowed,
  view,
  onClearFilters,
  onToggle,
  onSave,
  onDelete,
  onTag,
  canChange,
  todoActions,
}: TodoListBodyProps) {
  const { items, phase, loadError, hasMore, loadingMore } = list;
  const listElement = useRef<HTMLUListElement>(null);
  // Where "Load more" was asked: once the last page is in, the button goes, and the focus with it.
  const firstNewItem = useRef<number | null>(null);

  useEffect(() => {
    if (firstNewItem.current === null || loadingMore) return;
    const index = firstNewItem.current;
    firstNewItem.current = null;
    if (hasMore) return; // the button is still there, and so is the focus
    // The item's first control (its checkbox), whatever other item has an edit form open.
    listElement.current?.children[index]?.querySelector<HTMLElement>("input")?.focus();
  }, [hasMore, loadingMore]);

  if (phase === "failed") {
    return (
      <div className="space-y-3">
        <Notice tone="error">{loadError}</Notice>
        <Button onClick={() => void list.reload()}>Try again</Button>
      </div>
    );
  }
  if (phase === "loading" && items.length === 0) {
    return (
      <p className="py-8 text-center text-muted" data-testid="todo-loading">
        Loading todos…
      </p>
    );
  }
  if (items.length === 0) {
    return (
      <div
        className="rounded-xl border border-dashed border-line-strong px-4 py-10 text-center"
        data-testid="todo-empty"
      >
        {narrowed ? (
          <>
            <p className="font-medium">No todos match</p>
            <p className="mt-1 text-sm text-muted">Try other words or filters.</p>
            <Button className="mt-4" onClick={onClearFilters}>
              Clear filters
            </Button>
          </>
        ) : (
          <>
            <p className="font-medium">No todos yet</p>
            <p className="mt-1 text-sm text-muted">Add your first one above.</p>
          </>
        )}
      </div>
    );
  }
  return (
    <div className="space-y-4">
      <ul
        ref={listElement}
        id={TODO_LIST_ID}
        data-testid="todo-list"
        aria-busy={phase === "loading"}
        className={`divide-y divide-line overflow-hidden rounded-lg border border-line bg-surface shadow-xs transition-opacity ${phase === "loading" ? "opacity-60" : ""}`}
      >
        {(view ? dueGroups(items) : [{ label: "", todos: items }]).map(({ label, todos }) => (
          <Fragment key={label}>
            {label && (
              <li className="bg-subtle px-3 py-1">
                <h3 className="text-xs font-semibold tracking-wide text-ink-soft uppercase">{label}</h3>
              </li>
            )}
            {todos.map((todo) => (
              <TodoItem
                key={todo.id}
                todo={todo}
                onToggle={onToggle}
                onSave={onSave}
                onDelete={onDelete}
                onTag={onTag}
                readOnly={!canChange(todo)}
                actions={todoActions?.(todo)}
              />
            ))}
          </Fragment>
        ))}
      </ul>
      {loadError && <Notice tone="error">{loadError}</Notice>}
      {hasMore && (
        <div className="text-center">
          <Button
            onClick={() => {
              firstNewItem.current = items.length;
              void list.loadMore();
            }}
            pending={loadingMore}
            pendingLabel="Loading…"
          >
            Load more
          </Button>
        </div>
      )}
    </div>
  );
}
