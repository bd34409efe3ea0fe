import { formatDue, formatDueDay } from "@/components/format-date-time";
import { type Todo, updateTodo } from "@/lib/api-client";
import type { useTodoList } from "./use-todo-list";
import type { useUndo } from "./use-undo";

interface RepeatCompletionOptions {
  list: ReturnType<typeof useTodoList>;
  undo: ReturnType<typeof useUndo>;
  announce: (text: string) => void;
  report: (error: unknown) => void;
  /** Where the keyboard focus goes when the notice and its button go. */
  focusList: () => void;
}

function nextDue(todo: Todo | undefined): string | null {
  if (todo?.due_at) return formatDue(todo.due_at);
  return todo?.due_date ? formatDueDay(todo.due_date) : null;
}

/**
 * A repeating todo completed: the server has added its next occurrence, which the list then shows,
 * and Undo un-completes it, which takes the next occurrence back too (unless it was changed since).
 */
export function useRepeatCompletion({ list, undo, announce, report, focusList }: RepeatCompletionOptions) {
  async function completed(todo: Todo) {
    const shown = await list.refresh();
    const due = nextDue(shown?.find((item) => item.repeats_after === todo.id));
    undo.propose(
      due
        ? `Done: “${todo.title}”. The next one is due ${due}.`
        : `Done: “${todo.title}”. The next one is added.`,
      todo.id,
      "uncomplete",
    );
  }

  async function undoCompletion(todoId: string) {
    undo.dismiss();
    focusList();
    try {
      const todo = await updateTodo(todoId, { completed: false });
      await list.refresh();
      announce(`Marked “${todo.title}” as not done.`);
    } catch (error) {
      report(error);
    }
  }

  return { completed, undoCompletion };
}
