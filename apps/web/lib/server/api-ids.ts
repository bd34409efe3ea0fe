const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Better Auth's user ids (32 letters and digits), within the API's 255 characters and never a path's own syntax.
const USER_ID = /^[A-Za-z0-9_-]{1,255}$/;

/** A todo's or a list's id as the API writes it, or null when `id` is not one (so it never reaches an API path). */
export function uuidOrNull(id: string): string | null {
  return UUID.test(id) ? id.toLowerCase() : null;
}

/** A user's id fit for an API path, or null. */
export function userIdOrNull(id: string): string | null {
  return USER_ID.test(id) ? id : null;
}
