/** The words both clients (the BFF's and Better Auth's) and the sign-in page use for failures. */

export const UNREACHABLE_MESSAGE = "We could not reach the server. Check your connection and try again.";
export const SESSION_ENDED_MESSAGE = "Your session has ended. Please sign in again.";

export function waitMessage(seconds: number | null, subject = "Too many requests"): string {
  if (seconds === null) return `${subject}. Wait a moment and try again.`;
  return `${subject}. Try again in ${seconds} ${seconds === 1 ? "second" : "seconds"}.`;
}

/** `Retry-After` in seconds; the HTTP-date form is not used by our servers and is ignored. */
export function parseRetryAfter(value: string | null | undefined): number | null {
  if (!value || !/^\d+$/.test(value.trim())) return null;
  return Math.max(1, Number(value));
}
