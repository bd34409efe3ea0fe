"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Archive, ArchiveRestore, ArrowDown, ArrowUp, Pencil, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";

import { Button } from "@/components/button";
import { DisclosureButton } from "@/components/disclosure-button";
import { TextField } from "@/components/form-fields";
import { IconButton } from "@/components/icon-button";
import { Notice } from "@/components/notice";
import { createList, deleteList, errorMessage, type TodoList, updateList } from "@/lib/api-client";
import { schemaLimits } from "@/lib/api-types";

const LIST_NAME_MAX = schemaLimits.ListCreate.name.maxLength;

import { DUE_VIEW_LABELS, DUE_VIEWS, type DueView } from "./due-views";
import { queryFromSearch } from "./list-query-url";
import { MoveTodo } from "./move-todo";
import { ShareDialog } from "./share-dialog";
import { TodoDashboard } from "./todo-dashboard";
import { hasRole, isShared, LIVE_REFRESH_MS, listKeys, useListCounts, useLists } from "./use-lists";
import { todoKeys } from "./use-todo-list";

interface TodosWithListsProps {
  userId: string;
  /** The page address's query string: `list` is the list shown (none: all the person's lists). */
  search: string;
}

function listHref(listId: string): string {
  return `/todos?list=${encodeURIComponent(listId)}`;
}

/** The lists in a side bar (a menu on a phone), the list shown with its actions, and its todos. */
export function TodosWithLists({ userId, search }: TodosWithListsProps) {
  const router = useRouter();
  const lists = useLists();
  const [menuOpen, setMenuOpen] = useState(false);
  const currentId = new URLSearchParams(search).get("list") ?? "";
  const view = queryFromSearch(new URLSearchParams(search)).view;
  const all = lists.data ?? [];
  const counts = useListCounts();
  const current = all.find((list) => list.id === currentId) ?? null;
  // A list deleted, or one the person was removed from, goes from the page at its next refresh.
  const gone = currentId !== "" && lists.isSuccess && current === null;
  const othersCanChange = current ? isShared(current) : all.some(isShared);
  const writable = all.filter((list) => hasRole(list.role, "editor") && list.archived_at === null);
  // On a phone the lists are a menu, opened from beside the list's heading.
  const listsToggle = (
    <DisclosureButton
      expanded={menuOpen}
      controls="list-menu"
      onToggle={() => setMenuOpen((open) => !open)}
      className="px-2 py-1"
    >
      Lists
    </DisclosureButton>
  );

  return (
    <div className="space-y-4">
      {!gone && (
        <a
          href="#todo-list-heading"
          className="sr-only rounded-md px-3 py-2 font-medium text-link focus:not-sr-only focus:inline-block"
        >
          Skip to your todos
        </a>
      )}
      {/* The page's title for screen readers; shown, it would sit right above the list's own heading. */}
      <h1 className="sr-only">Todos</h1>
      <div className="md:grid md:grid-cols-[12rem_minmax(0,1fr)] md:gap-6">
        <div id="list-menu" className={`${menuOpen ? "" : "hidden"} mb-4 md:mb-0 md:block`}>
          <ListsSidebar lists={all} currentId={currentId} view={view} />
        </div>
        <div className="space-y-4">
          {gone ? (
            <>
              <div className="text-right md:hidden">{listsToggle}</div>
              <Notice tone="error">
                This list no longer exists, or you are no longer a member of it.{" "}
                <Link href="/todos" className="font-medium underline">
                  Show all your todos
                </Link>
              </Notice>
            </>
          ) : (
            <>
              {current && (
                <ListToolbar
                  list={current}
                  lists={all}
                  userId={userId}
                  onGone={() => router.push("/todos")}
                />
              )}
              <TodoDashboard
                key={`${currentId}:${view}`}
                userId={userId}
                search={search}
                refetchInterval={othersCanChange ? LIVE_REFRESH_MS : false}
                canEdit={current === null || hasRole(current.role, "editor")}
                canClearCompleted={
                  current === null
                    ? all.some(
                        (list) => hasRole(list.role, "editor") && (counts.get(list.id)?.completed ?? 0) > 0,
                      )
                    : hasRole(current.role, "editor")
                }
                canChange={(todo) => {
                  const list = all.find((each) => each.id === todo.list_id);
                  return list === undefined || hasRole(list.role, "editor");
                }}
                headingAside={<div className="md:hidden">{listsToggle}</div>}
                todoActions={(todo) =>
                  // Moving takes the todo out of its list: an editor's right there, as putting it in the other.
                  writable.some((list) => list.id === todo.list_id) && (
                    <MoveTodo todo={todo} lists={writable} />
                  )
                }
              />
            </>
          )}
        </div>
      </div>
    </div>
  );
}

function ListsSidebar({
  lists,
  currentId,
  view,
}: {
  lists: readonly TodoList[];
  currentId: string;
  view: DueView | "";
}) {
  const counts = useListCounts();
  const shown = lists.filter((list) => list.archived_at === null);
  const archived = lists.filter((list) => list.archived_at !== null);
  const link = (list: TodoList) => {
    const count = counts.get(list.id)?.active;
    return (
      <li key={list.id}>
        <Link
          href={listHref(list.id)}
          aria-current={list.id === currentId ? "page" : undefined}
          className={`flex items-center justify-between gap-2 rounded-md px-3 py-2 text-sm ${
            list.id === currentId ? "bg-primary/10 font-medium text-link" : "text-ink-soft hover:bg-subtle"
          }`}
        >
          <span className="truncate">
            {list.name}
            {isShared(list) && <span className="sr-only"> (shared)</span>}
          </span>
          {count !== undefined && (
            <span className="text-xs text-muted">
              {count}
              <span className="sr-only"> active</span>
            </span>
          )}
        </Link>
      </li>
    );
  };
  return (
    <nav aria-label="Lists" className="space-y-3">
      <ul className="space-y-1" data-testid="list-nav">
        {DUE_VIEWS.map((each) => (
          <li key={each}>
            <Link
              href={`/todos?view=${each}`}
              aria-current={view === each && currentId === "" ? "page" : undefined}
              className={`block rounded-md px-3 py-2 text-sm ${
                view === each && currentId === ""
                  ? "bg-primary/10 font-medium text-link"
                  : "text-ink-soft hover:bg-subtle"
              }`}
            >
              {DUE_VIEW_LABELS[each]}
            </Link>
          </li>
        ))}
        <li>
          <Link
            href="/todos"
            aria-current={currentId === "" && view === "" ? "page" : undefined}
            className={`block rounded-md px-3 py-2 text-sm ${
              currentId === "" && view === ""
                ? "bg-primary/10 font-medium text-link"
                : "text-ink-soft hover:bg-subtle"
            }`}
          >
            All lists
          </Link>
        </li>
        {shown.map(link)}
      </ul>
      <NewListForm />
      {archived.length > 0 && (
        <details>
          <summary className="cursor-pointer px-3 text-sm text-muted">Archived ({archived.length})</summary>
          <ul className="mt-1 space-y-1">{archived.map(link)}</ul>
        </details>
      )}
    </nav>
  );
}

function NewListForm() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    setFailure(null);
    try {
      const created = await createList(name.trim());
      setName("");
      await queryClient.invalidateQueries({ queryKey: listKeys.all });
      router.push(listHref(created.id));
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setPending(false);
    }
  }
  return (
    <form onSubmit={submit} className="space-y-2 px-1" aria-label="New list">
      <TextField
        label="New list"
        labelHidden
        placeholder="New list"
        required
        maxLength={LIST_NAME_MAX}
        value={name}
        onChange={(event) => setName(event.target.value)}
        error={failure ?? undefined}
      />
      <Button type="submit" pending={pending} pendingLabel="Creating…" className="w-full">
        Create list
      </Button>
    </form>
  );
}

interface ListToolbarProps {
  list: TodoList;
  lists: readonly TodoList[];
  userId: string;
  /** After the list was deleted or left. */
  onGone: () => void;
}

/** The list shown: its name, who shares it, and what the person's role lets them do with it. */
function ListToolbar({ list, lists, userId, onGone }: ListToolbarProps) {
  const queryClient = useQueryClient();
  const [renaming, setRenaming] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const isOwner = list.role === "owner" && !list.is_inbox;

  async function act(action: () => Promise<unknown>) {
    setFailure(null);
    try {
      await action();
      await queryClient.invalidateQueries({ queryKey: listKeys.all });
    } catch (error) {
      setFailure(errorMessage(error));
    }
  }

  // The lists shown beside this one in the side bar: the archived ones are a group of their own.
  const group = lists.filter((each) => (each.archived_at === null) === (list.archived_at === null));
  const index = group.findIndex((each) => each.id === list.id);

  /** Swaps the list with its neighbour in its group, renumbering all the person's lists in that order. */
  function reorder(step: -1 | 1) {
    const neighbour = group[index + step];
    if (!neighbour) return;
    const order = [...lists];
    const from = order.findIndex((each) => each.id === list.id);
    const to = order.findIndex((each) => each.id === neighbour.id);
    [order[from], order[to]] = [order[to] as TodoList, order[from] as TodoList];
    void act(() =>
      Promise.all(
        order.flatMap((each, position) =>
          each.position === position ? [] : [updateList(each.id, { position })],
        ),
      ),
    );
  }

  return (
    <section aria-labelledby="current-list-heading" className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="current-list-heading" className="mr-auto text-lg font-semibold" data-testid="current-list">
          {list.name}
          {list.archived_at !== null && (
            <span className="ml-2 text-sm font-normal text-muted">(archived)</span>
          )}
          <span className="ml-2 text-sm font-normal text-muted">
            {isShared(list) ? `shared · you are ${list.role}` : ""}
          </span>
        </h2>
        {!list.is_inbox && <ShareDialog list={list} userId={userId} onLeft={onGone} />}
        <IconButton
          icon={ArrowUp}
          label="Move this list up"
          disabled={index <= 0}
          onClick={() => reorder(-1)}
        />
        <IconButton
          icon={ArrowDown}
          label="Move this list down"
          disabled={index >= group.length - 1}
          onClick={() => reorder(1)}
        />
        {isOwner && (
          <>
            <IconButton
              icon={Pencil}
              label="Rename this list"
              tooltip="Rename"
              onClick={() => setRenaming(true)}
            />
            {list.archived_at === null ? (
              <IconButton
                icon={Archive}
                label="Archive this list"
                tooltip="Archive"
                onClick={() => void act(() => updateList(list.id, { archived: true }))}
              />
            ) : (
              <IconButton
                icon={ArchiveRestore}
                label="Unarchive this list"
                tooltip="Unarchive"
                onClick={() => void act(() => updateList(list.id, { archived: false }))}
              />
            )}
            <IconButton
              icon={Trash2}
              tone="danger"
              label="Delete this list"
              tooltip="Delete list"
              onClick={() => setConfirmDelete(true)}
            />
          </>
        )}
      </div>
      {renaming && (
        <RenameForm
          list={list}
          onDone={() => setRenaming(false)}
          onRename={(name) => act(() => updateList(list.id, { name }))}
        />
      )}
      {confirmDelete && (
        <div className="flex flex-wrap items-center gap-2 rounded-md border border-danger/30 p-3">
          <p className="mr-auto text-sm">Delete “{list.name}” and all its todos, for every member?</p>
          <Button
            variant="danger"
            onClick={() =>
              void act(async () => {
                await deleteList(list.id);
                await queryClient.invalidateQueries({ queryKey: todoKeys.all });
                onGone();
              })
            }
          >
            Yes, delete
          </Button>
          <Button autoFocus onClick={() => setConfirmDelete(false)}>
            Cancel
          </Button>
        </div>
      )}
      {failure && <Notice tone="error">{failure}</Notice>}
    </section>
  );
}

function RenameForm({
  list,
  onRename,
  onDone,
}: {
  list: TodoList;
  onRename: (name: string) => Promise<void>;
  onDone: () => void;
}) {
  const [name, setName] = useState(list.name);
  async function submit(event: FormEvent) {
    event.preventDefault();
    await onRename(name.trim());
    onDone();
  }
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-2" aria-label="Rename the list">
      <TextField
        label="List name"
        required
        maxLength={LIST_NAME_MAX}
        autoFocus
        value={name}
        onChange={(event) => setName(event.target.value)}
        className="flex-1"
      />
      <Button type="submit" variant="primary">
        Save
      </Button>
      <Button onClick={onDone}>Cancel</Button>
    </form>
  );
}
