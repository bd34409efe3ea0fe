import { passkeyClient } from "@better-auth/passkey/client";
import { twoFactorClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";

import { parseRetryAfter, tooManyWhat, UNREACHABLE_MESSAGE, waitMessage } from "@/lib/failure-messages";
import { PASSWORD_TOO_COMMON } from "@/lib/password-length";
import { TWO_FACTOR_FAILURES } from "@/lib/two-factor-messages";

/** Better Auth's browser client; same origin, so it needs no base URL. */
export const authClient = createAuthClient({ plugins: [twoFactorClient(), passkeyClient()] });

/**
 * Enters the signed-in pages once signed in. A full navigation: a public page's document may be kept
 * by the back/forward cache (`cacheControlFor` in browser-defence.ts), so it must never go on to show
 * a person's data; the signed-in page's own document is `no-store`. `replace`, so Back skips the form.
 */
export function enterSignedInPages(destination: string): void {
  window.location.replace(destination);
}

/**
 * Leaves the signed-in pages once the session is gone (sign-out, deleted account). A full navigation,
 * because Next's in-memory router cache would otherwise replay the signed-out user's pages on Back;
 * `replace`, so Back goes to the page before, which the server now answers with a sign-in redirect.
 */
export function leaveSignedInPages(destination: string): void {
  window.location.replace(destination);
}

export interface AuthFailure {
  status: number;
  code: string | null;
  message: string;
  /** From a 429: how long until another attempt may succeed. */
  retryAfterSeconds: number | null;
}

/** What Better Auth's client resolves to: it reports HTTP failures in `error` rather than throwing. */
type AuthCallResult =
  | { data: unknown; error: null }
  | { data: null; error: { status: number; code?: string; message?: string } };

/** The `data` of a call's success (inferring it from the whole result would add the failure's null). */
type SuccessData<Result extends AuthCallResult> = Extract<Result, { error: null }>["data"];

/** Lets a call report the response of a failure, which carries Better Auth's `X-Retry-After`. */
interface ErrorObserver {
  onError: (context: { response: Response }) => void;
}

export type AuthOutcome<T> = { ok: true; data: T } | { ok: false; failure: AuthFailure };

export const ACCOUNT_EXISTS = "An account with this email already exists.";

export const RESET_LINK_INVALID = "This reset link has expired or was already used. Ask for a new one below.";

export const EMAIL_NOT_VERIFIED =
  "Your email address is not confirmed yet: follow the link we mailed to it, then sign in.";

/** Where a link that confirms an address leads (a signed-in browser goes on to /todos). */
export const EMAIL_VERIFIED_PATH = "/sign-in?reason=email-verified";

/** Where the link that confirms a new address leads (the account page says what happened). */
export const EMAIL_CHANGED_PATH = "/account?email-changed=1";

/** Better Auth's error codes put in plain words; the rest keep Better Auth's own message. */
export function describeAuthFailure(
  status: number,
  code: string | null,
  retryAfterSeconds: number | null,
  fallback?: string,
): string {
  if (code && Object.hasOwn(TWO_FACTOR_FAILURES, code)) return TWO_FACTOR_FAILURES[code];
  if (status === 429) return waitMessage(retryAfterSeconds, tooManyWhat(code));
  if (status === 0 || status >= 500) return UNREACHABLE_MESSAGE;
  // Sign-up answers USER_ALREADY_EXISTS or USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL, by version.
  if (code?.startsWith("USER_ALREADY_EXISTS")) return ACCOUNT_EXISTS;
  if (code === "INVALID_EMAIL_OR_PASSWORD") return "Email or password is incorrect.";
  if (code === "INVALID_EMAIL") return "Enter a valid email address.";
  if (code === "PASSWORD_TOO_SHORT") return "This password is too short.";
  if (code === "PASSWORD_TOO_COMMON") return PASSWORD_TOO_COMMON;
  if (code === "PASSWORD_TOO_LONG") return "This password is too long.";
  if (code === "INVALID_TOKEN") return RESET_LINK_INVALID;
  if (code === "EMAIL_NOT_VERIFIED") return EMAIL_NOT_VERIFIED;
  if (code === "INVALID_PASSWORD") return "Your current password is not right.";
  return fallback ?? "Something went wrong. Try again.";
}

/**
 * Runs one Better Auth call and turns every way it can fail (an error answer, or no answer at all,
 * which Better Auth's client throws for) into an `AuthFailure` with a message for people.
 */
export async function runAuthCall<Result extends AuthCallResult>(
  call: (observer: ErrorObserver) => Promise<Result>,
): Promise<AuthOutcome<SuccessData<Result>>> {
  let retryAfterSeconds: number | null = null;
  const observer: ErrorObserver = {
    onError: ({ response }) => {
      retryAfterSeconds = parseRetryAfter(response.headers.get("X-Retry-After"));
    },
  };
  try {
    const { data, error } = await call(observer);
    if (!error) return { ok: true, data: data as SuccessData<Result> };
    const code = error.code ?? null;
    const message = describeAuthFailure(error.status, code, retryAfterSeconds, error.message);
    return { ok: false, failure: { status: error.status, code, message, retryAfterSeconds } };
  } catch {
    return {
      ok: false,
      failure: { status: 0, code: null, message: UNREACHABLE_MESSAGE, retryAfterSeconds: null },
    };
  }
}

/** An authenticator app's code: six digits; anything else typed in its place is taken for a backup code. */
const APP_CODE = /^\d{6}$/;

/**
 * Confirms the password on this session and then, for an account with two-factor on, a code from the
 * app or a backup code, which changing the email, adding a passkey or changing two-factor then needs
 * within a few minutes (lib/server/password-confirmation.ts). The password goes first, so that a
 * mistyped password does not use up a backup code.
 */
export async function confirmIdentity(
  password: string,
  secondFactorCode?: string,
): Promise<AuthOutcome<unknown>> {
  const confirmed = await runAuthCall((observer) =>
    authClient.$fetch<{ status: boolean }>("/confirm-password", {
      method: "POST",
      body: { password },
      ...observer,
    }),
  );
  const code = secondFactorCode?.replace(/\s/g, "");
  if (!confirmed.ok || !code) return confirmed;
  return runAuthCall((observer) =>
    APP_CODE.test(code)
      ? authClient.twoFactor.verifyTotp({ code }, observer)
      : authClient.twoFactor.verifyBackupCode({ code }, observer),
  );
}
