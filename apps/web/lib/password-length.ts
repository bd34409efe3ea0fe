/** Better Auth's password limits (lib/server/auth.ts), which the sign-up form checks before sending. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
