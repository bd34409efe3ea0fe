"use client";

import type { Todo } from "@/lib/api-client";
import { describeRepeat } from "./repeat-rule";

/** A row's "Repeats every Monday", among its details; nothing for a todo that does not repeat. */
export function RepeatLine({ todo }: { todo: Todo }) {
  const repeats = describeRepeat(todo);
  if (!repeats) return null;
  return (
    <li className="text-muted" data-testid="todo-repeats">
      <span aria-hidden="true">↻ </span>
      {repeats}
    </li>
  );
}
