"use client";

import { Fragment, type ReactNode, useEffect, useId, useRef, useState } from "react";

import { Button } from "@/components/button";
import { formatDue, formatDueDay, isPastDue } from "@/components/format-date-time";
import { useHydrated } from "@/components/use-hydrated";
import type { Priority, Todo } from "@/lib/api-client";
import { RepeatLine } from "./repeat-line";
import { TodoForm } from "./todo-form";
import type { TodoContent } from "./todo-form-values";
import { PRIORITY_LABELS } from "./todo-labels";

const PRIORITY_BADGE_CLASSES: Record<Priority, string> = {
  low: "bg-subtle text-ink-soft",
  medium: "bg-warning/15 text-warning",
  high: "bg-danger/10 text-danger",
};

interface TodoItemProps {
  todo: Todo;
  onToggle: (todo: Todo) => void;
  onSave: (todo: Todo, content: TodoContent) => Promise<void>;
  onDelete: (todo: Todo) => void;
  /** Shows the todos with this tag. */
  onTag: (tag: string) => void;
  /** More controls beside Edit and Delete (moving the todo to another list). */
  actions?: ReactNode;
}

type Mode = "view" | "edit" | "confirm-delete";

export function TodoItem({ todo, onToggle, onSave, onDelete, onTag, actions }: TodoItemProps) {
  const checkboxId = useId();
  const [mode, setMode] = useState<Mode>("view");
  const editButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);

  // Back in view mode after editing or not deleting, the keyboard focus returns to where it was.
  useEffect(() => {
    if (mode === "view" && returnFocus.current) {
      returnFocus.current = false;
      editButton.current?.focus();
    }
  }, [mode]);

  function backToView() {
    returnFocus.current = true;
    setMode("view");
  }

  if (mode === "edit") {
    return (
      <li data-testid="todo-item" className="rounded-lg border border-primary/40 bg-surface p-4 shadow-sm">
        <TodoForm
          todo={todo}
          label={`Edit “${todo.title}”`}
          submitLabel="Save"
          pendingLabel="Saving…"
          onSave={async (content) => {
            await onSave(todo, content);
            backToView();
          }}
          onCancel={backToView}
        />
      </li>
    );
  }

  return (
    <li data-testid="todo-item" className="rounded-lg border border-line bg-surface p-4 shadow-xs">
      <div className="flex items-start gap-3">
        <input
          id={checkboxId}
          type="checkbox"
          checked={todo.completed}
          onChange={() => onToggle(todo)}
          className="mt-0.5 size-5 shrink-0 accent-primary"
        />
        <div className="min-w-0 flex-1 space-y-1">
          <label
            htmlFor={checkboxId}
            data-testid="todo-title"
            className={`block break-words font-medium ${todo.completed ? "text-muted line-through" : "text-ink"}`}
          >
            {todo.title}
          </label>
          {todo.description && (
            <p className="whitespace-pre-line break-words text-sm text-muted">{todo.description}</p>
          )}
          <ul className="flex flex-wrap items-center gap-2 text-xs" aria-label="Details">
            <li className={`rounded-full px-2 py-0.5 font-medium ${PRIORITY_BADGE_CLASSES[todo.priority]}`}>
              {PRIORITY_LABELS[todo.priority]} priority
            </li>
            <DueLine todo={todo} />
            <RepeatLine todo={todo} />
            {todo.tags.map((tag) => (
              <li key={tag}>
                <button
                  type="button"
                  aria-label={`Show the todos tagged ${tag}`}
                  onClick={() => onTag(tag)}
                  className="rounded-full bg-primary/10 px-2 py-0.5 text-link hover:bg-primary/20"
                >
                  #{tag}
                </button>
              </li>
            ))}
          </ul>
        </div>
      </div>
      <div className="mt-3 flex flex-wrap items-center justify-end gap-2">
        {/* Keyed so the buttons are new elements, not the old ones fading to new colours. */}
        {mode === "confirm-delete" ? (
          <Fragment key="confirm">
            <p className="mr-auto text-sm text-ink-soft">Delete this todo?</p>
            <Button variant="danger" onClick={() => onDelete(todo)}>
              Yes, delete
            </Button>
            <Button autoFocus onClick={backToView}>
              Cancel
            </Button>
          </Fragment>
        ) : (
          <Fragment key="actions">
            {actions}
            <Button
              ref={editButton}
              variant="quiet"
              aria-label={`Edit “${todo.title}”`}
              onClick={() => setMode("edit")}
            >
              Edit
            </Button>
            <Button
              variant="quiet"
              aria-label={`Delete “${todo.title}”`}
              onClick={() => setMode("confirm-delete")}
            >
              Delete
            </Button>
          </Fragment>
        )}
      </div>
    </li>
  );
}

/**
 * When the todo is due, in the reader's time zone and by their clock, which the server does not know:
 * shown once the page has hydrated (the server renders the list too), re-rendering this line only.
 */
function DueLine({ todo }: { todo: Todo }) {
  const hydrated = useHydrated();
  const due = todo.due_at ?? todo.due_date;
  if (!due || !hydrated) return null;
  const overdue = !todo.completed && isPastDue(todo);
  return (
    <li className={overdue ? "font-medium text-danger" : "text-muted"}>
      {overdue ? "Overdue: " : "Due "}
      <time dateTime={due}>{todo.due_at ? formatDue(todo.due_at) : formatDueDay(due)}</time>
    </li>
  );
}
