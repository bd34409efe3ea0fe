"use client";

import { useQueryClient } from "@tanstack/react-query";
import { FolderInput } from "lucide-react";
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
    <div className="flex items-center">
      {failure && (
        <p role="alert" className="mr-2 text-sm text-danger">
          {failure}
        </p>
      )}
      {/* A native select drawn as an icon button: its list of lists is the browser's own, by keyboard and on a phone. */}
      <span className="relative inline-flex size-8 text-muted hover:text-ink" title="Move to another list">
        <select
          aria-label={`Move “${todo.title}” to another list`}
          value=""
          disabled={moving}
          onChange={(event) => void move(event.target.value)}
          className="peer absolute inset-0 size-full cursor-pointer rounded-md bg-none text-transparent *:bg-surface *:text-ink hover:bg-subtle disabled:cursor-not-allowed"
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
        <FolderInput
          aria-hidden="true"
          className="pointer-events-none relative m-auto size-4 peer-disabled:opacity-40"
        />
      </span>
    </div>
  );
}
