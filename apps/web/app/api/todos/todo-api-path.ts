const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `/v1/todos/{todo_id}` only for a well-formed id: nothing else of the caller's reaches the API's path. */
export function todoApiPath(id: string): string | null {
  return UUID.test(id) ? `/v1/todos/${id.toLowerCase()}` : null;
}
