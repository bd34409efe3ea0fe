import { userIdOrNull, uuidOrNull } from "@/lib/server/api-ids";

/**
 * `/v1/lists/{list_id}` and the paths under it, only for well-formed ids: nothing else of the
 * caller's reaches the API's path.
 */
export function listApiPath(id: string, under = ""): string | null {
  const listId = uuidOrNull(id);
  return listId === null ? null : `/v1/lists/${listId}${under}`;
}

/** `/v1/lists/{list_id}/members/{user_id}` for well-formed ids. */
export function memberApiPath(id: string, userId: string): string | null {
  const memberId = userIdOrNull(userId);
  return memberId === null ? null : listApiPath(id, `/members/${memberId}`);
}
