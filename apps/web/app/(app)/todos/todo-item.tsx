"use client";

import { CalendarClock, Circle, CircleCheck, Pencil, Trash2 } from "lucide-react";
import { type ReactNode, useEffect, useId, useRef, useState } from "react";

import { Button } from "@/components/button";
import { formatDue, formatDueDay, isPastDue } from "@/components/format-date-time";
import { IconButton } from "@/components/icon-button";
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
  /** The person may only look at this todo (a viewer of its list): no control that would change it. */
  readOnly?: boolean;
}

type Mode = "view" | "edit" | "confirm-delete";

/**
 * One todo on a line or two: its checkbox, title, details and description (cut to one line, whole in
 * its tooltip and in the edit form), and its actions as icon buttons.
 */
export function TodoItem({
  todo,
  onToggle,
  onSave,
  onDelete,
  onTag,
  actions,
  readOnly = false,
}: TodoItemProps) {
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
      <li data-testid="todo-item" className="bg-surface p-3 ring-1 ring-primary/40">
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

  // On a phone: the title beside the actions, the details and the description under it; on a wider
  // screen all on one line while it fits (the description cut to what is left of it).
  const titleClasses = `order-2 min-w-0 flex-1 break-words py-1.5 text-[15px] leading-5 font-medium sm:flex-none sm:text-base ${todo.completed ? "text-muted line-through" : "text-ink"}`;
  return (
    <li data-testid="todo-item" className="flex flex-wrap items-start gap-x-3 px-3 py-1">
      {readOnly ? (
        <DoneMark done={todo.completed} />
      ) : (
        <input
          id={checkboxId}
          type="checkbox"
          checked={todo.completed}
          onChange={() => onToggle(todo)}
          className="order-1 mt-2 size-4 shrink-0 accent-primary"
        />
      )}
      {readOnly ? (
        <span data-testid="todo-title" className={titleClasses}>
          {todo.title}
        </span>
      ) : (
        <label htmlFor={checkboxId} data-testid="todo-title" className={titleClasses}>
          {todo.title}
        </label>
      )}
      <ul
        aria-label="Details"
        className="order-4 flex basis-full flex-wrap items-center gap-x-1.5 gap-y-0.5 pb-1 pl-7 text-xs sm:order-3 sm:basis-auto sm:self-center sm:pb-0 sm:pl-0"
      >
        <li className={`rounded-full px-1.5 py-0.5 font-medium ${PRIORITY_BADGE_CLASSES[todo.priority]}`}>
          {PRIORITY_LABELS[todo.priority]}
          <span className="sr-only"> priority</span>
        </li>
        <DueLine todo={todo} />
        <RepeatLine todo={todo} />
        {todo.tags.map((tag) => (
          <li key={tag}>
            <button
              type="button"
              aria-label={`Show the todos tagged ${tag}`}
              onClick={() => onTag(tag)}
              className="rounded-full bg-primary/10 px-1.5 py-0.5 text-link hover:bg-primary/20"
            >
              #{tag}
            </button>
          </li>
        ))}
      </ul>
      {todo.description && (
        <p
          title={todo.description}
          className="order-5 min-w-0 basis-full truncate pb-1 pl-7 text-xs text-muted sm:order-4 sm:basis-0 sm:flex-1 sm:self-center sm:pb-0 sm:pl-0 sm:text-sm"
        >
          {todo.description}
        </p>
      )}
      {!readOnly && mode === "view" && (
        <div className="order-3 ml-auto flex shrink-0 items-center sm:order-6">
          {actions}
          <IconButton
            ref={editButton}
            icon={Pencil}
            label={`Edit “${todo.title}”`}
            tooltip="Edit"
            onClick={() => setMode("edit")}
          />
          <IconButton
            icon={Trash2}
            tone="danger"
            label={`Delete “${todo.title}”`}
            tooltip="Delete"
            onClick={() => setMode("confirm-delete")}
          />
        </div>
      )}
      {mode === "confirm-delete" && (
        <div className="order-7 flex basis-full flex-wrap items-center justify-end gap-2 py-1">
          <p className="mr-auto text-sm text-ink-soft">Delete this todo?</p>
          <Button variant="danger" onClick={() => onDelete(todo)}>
            Yes, delete
          </Button>
          <Button autoFocus onClick={backToView}>
            Cancel
          </Button>
        </div>
      )}
    </li>
  );
}

/** A viewer's sign of whether the todo is done, in place of the checkbox they may not use. */
function DoneMark({ done }: { done: boolean }) {
  const Mark = done ? CircleCheck : Circle;
  return (
    <span className="order-1 mt-2 shrink-0 text-muted" title={done ? "Done" : "Not done"}>
      <Mark aria-hidden="true" className="size-4" />
      <span className="sr-only">{done ? "Done:" : "Not done:"}</span>
    </span>
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
    <li className={`inline-flex items-center gap-1 ${overdue ? "font-medium text-danger" : "text-muted"}`}>
      <CalendarClock aria-hidden="true" className="size-3.5" />
      {/* "Overdue" is said in words, not only in its colour; "Due" is the calendar's to show. */}
      {overdue ? "Overdue: " : <span className="sr-only">Due </span>}
      <time dateTime={due}>{todo.due_at ? formatDue(todo.due_at) : formatDueDay(due)}</time>
    </li>
  );
}
