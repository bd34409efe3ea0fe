/** Better Auth's two-factor error codes put in plain words (the codes are the plugin's). */

/** How long an account stays locked after too many wrong codes in a row (Better Auth's account lockout). */
export const TWO_FACTOR_LOCK_MINUTES = 15;

export const TWO_FACTOR_STEP_EXPIRED =
  "This sign-in took too long, so its second step has expired. Enter your email and password again.";

export const TWO_FACTOR_TOO_MANY_CODES =
  "Too many wrong codes for this sign-in. Enter your email and password again.";

export const TWO_FACTOR_FAILURES: Readonly<Record<string, string>> = {
  INVALID_CODE: "That code is not right. Enter the 6-digit code your authenticator app shows now.",
  INVALID_BACKUP_CODE: "That backup code is not right, or it was already used: each backup code works once.",
  INVALID_TWO_FACTOR_COOKIE: TWO_FACTOR_STEP_EXPIRED,
  TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE: TWO_FACTOR_TOO_MANY_CODES,
  ACCOUNT_TEMPORARILY_LOCKED:
    `Too many wrong codes for this account in a row: it is locked for ${TWO_FACTOR_LOCK_MINUTES} minutes. ` +
    "Try again later.",
  TOTP_ALREADY_ENABLED: "Two-factor sign-in is already on for this account.",
  TOTP_NOT_ENABLED: "Two-factor sign-in is not on for this account.",
};

/** The failures after which the code step cannot go on: the sign-in starts again from the password. */
export const RESTART_SIGN_IN_CODES: ReadonlySet<string> = new Set([
  "INVALID_TWO_FACTOR_COOKIE",
  "TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE",
]);

/** Whether Better Auth's answer to a password sign-in asks for the second factor (no session yet). */
export function needsSecondFactor(data: unknown): boolean {
  return (
    typeof data === "object" &&
    data !== null &&
    (data as { twoFactorRedirect?: unknown }).twoFactorRedirect === true
  );
}
