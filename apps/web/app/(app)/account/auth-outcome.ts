import type { AuthFailure, AuthOutcome } from "@/lib/auth-client";
import { redirectToSignIn } from "@/lib/sign-in-url";

/**
 * The words for a failure, or null when there is nothing to show: our own session has ended, and the
 * browser goes to sign in.
 */
export function failureToShow(
  failure: AuthFailure,
  wordsFor: (failure: AuthFailure) => string = ({ message }) => message,
): string | null {
  if (failure.status !== 401) return wordsFor(failure);
  redirectToSignIn();
  return null;
}

/** True when the call succeeded; otherwise `onFailure` gets the words for it, if any (`failureToShow`). */
export function succeeded<T>(
  outcome: AuthOutcome<T>,
  onFailure: (message: string) => void,
): outcome is { ok: true; data: T } {
  if (outcome.ok) return true;
  const message = failureToShow(outcome.failure);
  if (message !== null) onFailure(message);
  return false;
}
