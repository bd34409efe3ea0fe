/** The words both clients (the BFF's and Better Auth's) and the sign-in page use for failures. */

export const UNREACHABLE_MESSAGE = "We could not reach the server. Check your connection and try again.";
export const SESSION_ENDED_MESSAGE = "Your session has ended. Please sign in again.";

/** The error code of a password sign-in refused because its account has had too many wrong passwords. */
export const ACCOUNT_SIGN_IN_LIMITED = "ACCOUNT_SIGN_IN_LIMITED";

/** What a 429 of Better Auth's says there were too many of, by its code. */
export function tooManyWhat(code: string | null): string {
  return code === ACCOUNT_SIGN_IN_LIMITED
    ? "Too many wrong passwords for this account (a passkey still signs you in)"
    : "Too many attempts";
}

function inWords(seconds: number): string {
  // Waits of minutes (the account limit's) read better in minutes, rounded up.
  if (seconds >= 120) return `${Math.ceil(seconds / 60)} minutes`;
  return `${seconds} ${seconds === 1 ? "second" : "seconds"}`;
}

export function waitMessage(seconds: number | null, subject = "Too many requests"): string {
  if (seconds === null) return `${subject}. Wait a moment and try again.`;
  return `${subject}. Try again in ${inWords(seconds)}.`;
}

/** `Retry-After` in seconds; the HTTP-date form is not used by our servers and is ignored. */
export function parseRetryAfter(value: string | null | undefined): number | null {
  if (!value || !/^\d+$/.test(value.trim())) return null;
  return Math.max(1, Number(value));
}
