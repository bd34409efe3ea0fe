"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { errorMessage, type Todo, type TodoList, updateTodo } from "@/lib/api-client";

import { todoKeys } from "./use-todo-list";

interface MoveTodoProps {
  todo: Todo;
  /** The lists the person may add todos to. */
  lists: readonly TodoList[];
}

/** "Move to…": puts the todo in another list; the lists shown are asked again. */
export function MoveTodo({ todo, lists }: MoveTodoProps) {
  const queryClient = useQueryClient();
  const [failure, setFailure] = useState<string | null>(null);
  const [moving, setMoving] = useState(false);
  const targets = lists.filter((list) => list.id !== todo.list_id);
  if (targets.length === 0) return null;

  async function move(listId: string) {
    setMoving(true);
    setFailure(null);
    try {
      await updateTodo(todo.id, { list_id: listId }, todo.version);
      await queryClient.invalidateQueries({ queryKey: todoKeys.all });
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setMoving(false);
    }
  }

  return (
    <div className="mr-auto flex items-center gap-2">
      <select
        aria-label={`Move “${todo.title}” to another list`}
        value=""
        disabled={moving}
        onChange={(event) => void move(event.target.value)}
        className="rounded-md border border-line-strong bg-surface px-2 py-2 text-sm text-ink-soft"
      >
        <option value="" disabled>
          Move to…
        </option>
        {targets.map((list) => (
          <option key={list.id} value={list.id}>
            {list.name}
          </option>
        ))}
      </select>
      {failure && (
        <p role="alert" className="text-sm text-danger">
          {failure}
        </p>
      )}
    </div>
  );
}
