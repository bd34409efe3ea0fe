"use client";

import { Button } from "@/components/button";
import type { TodoCounts as Counts } from "@/lib/api-client";

interface TodoCountsProps {
  /** Whose todos are counted: "All your todos", or "In this list". */
  scope: string;
  counts: Counts | null;
  /** None where the person may not delete the list's todos (a viewer). */
  onClearCompleted?: () => void;
  clearing: boolean;
}

/** "All your todos: 5 active · 3 completed", whatever the filters, and the action that clears the completed ones. */
export function TodoCounts({ scope, counts, onClearCompleted, clearing }: TodoCountsProps) {
  if (!counts) return null;
  return (
    <div className="flex flex-wrap items-center justify-between gap-2 text-sm text-ink-soft">
      <p data-testid="todo-counts">
        {/* Read, not shown, on a phone: there the counts and "Clear completed" then fit on one line. */}
        <span className="max-sm:sr-only">{scope}: </span>
        {counts.active} active · {counts.completed} completed
      </p>
      {counts.completed > 0 && onClearCompleted && (
        <Button
          variant="quiet"
          size="small"
          onClick={onClearCompleted}
          pending={clearing}
          pendingLabel="Clearing…"
        >
          Clear completed
        </Button>
      )}
    </div>
  );
}
