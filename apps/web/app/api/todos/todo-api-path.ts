import { uuidOrNull } from "@/lib/server/api-ids";

/** `/v1/todos/{todo_id}` only for a well-formed id: nothing else of the caller's reaches the API's path. */
export function todoApiPath(id: string): string | null {
  const todoId = uuidOrNull(id);
  return todoId === null ? null : `/v1/todos/${todoId}`;
}
