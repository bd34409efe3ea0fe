/** Better Auth's password limits (lib/server/auth.ts), which the sign-up form checks before sending: ASVS 2.1.1 and 2.1.2. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/** Said of a new password found among the most used ones (lib/server/common-passwords.ts). */
export const PASSWORD_TOO_COMMON = "This password is one of the most used ones. Choose one of your own.";

/** How long a confirmed password lets a session change how the account signs in (lib/server/password-confirmation.ts). */
export const PASSWORD_CONFIRMATION_MINUTES = 5;
export const PASSWORD_CONFIRMATION_REQUIRED = "PASSWORD_CONFIRMATION_REQUIRED";
export const PASSWORD_CONFIRMATION_REQUIRED_MESSAGE = "Confirm your password to do this.";
export const SECOND_FACTOR_CONFIRMATION_REQUIRED = "SECOND_FACTOR_CONFIRMATION_REQUIRED";
export const SECOND_FACTOR_CONFIRMATION_REQUIRED_MESSAGE =
  "Enter a code from your authenticator app (or a backup code) to do this.";
