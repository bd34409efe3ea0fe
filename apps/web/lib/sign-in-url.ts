/**
 * Where the sign-in page is and where it sends the browser back to; used by server components
 * (redirects) and the browser (an ended session) alike.
 */

/**
 * `next` is only ever a path on this site: one leading slash and not `//host`. Backslashes and
 * control characters are refused too, because browsers read `/\host` and `/\t/host` as another host.
 * Anything else means "no redirect".
 */
export function safeNextPath(next: string | null | undefined): string | null {
  if (!next?.startsWith("/") || next.startsWith("//")) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this refuses
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return null;
  return next;
}

export function signInUrl(next: string | null, reason?: "session-expired"): string {
  const params = new URLSearchParams();
  const path = safeNextPath(next);
  if (path) params.set("next", path);
  if (reason) params.set("reason", reason);
  const query = params.toString();
  return query ? `/sign-in?${query}` : "/sign-in";
}

/**
 * For a session that ended while the page was open. A full navigation, so no state of the old session
 * survives; after signing in the user comes back to this page.
 */
export function redirectToSignIn(): void {
  window.location.assign(signInUrl(window.location.pathname + window.location.search, "session-expired"));
}
