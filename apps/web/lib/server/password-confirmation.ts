import "server-only";

import type { BetterAuthPlugin } from "better-auth";
import {
  APIError,
  createAuthEndpoint,
  createAuthMiddleware,
  getSessionFromCtx,
  sessionMiddleware,
} from "better-auth/api";
import {
  PASSWORD_CONFIRMATION_MINUTES,
  PASSWORD_CONFIRMATION_REQUIRED,
  PASSWORD_CONFIRMATION_REQUIRED_MESSAGE,
  SECOND_FACTOR_CONFIRMATION_REQUIRED,
  SECOND_FACTOR_CONFIRMATION_REQUIRED_MESSAGE,
} from "@/lib/password-length";

/**
 * Changes that would let whoever holds a session cookie keep the account after its owner takes it back
 * (a new address to reset through, a passkey or backup codes of their own, two-factor gone): each needs
 * the password, and the second factor where it is on, confirmed on this session within the last few
 * minutes, as GitHub's sudo mode does, not only a session.
 */
const NEEDS_CONFIRMATION = new Set([
  "/change-email",
  "/passkey/generate-register-options",
  "/passkey/verify-registration",
  "/two-factor/disable",
  "/two-factor/generate-backup-codes",
]);

/** Where a signed-in person proves the second factor: Better Auth's own checks of a code, which stamp the session. */
const SECOND_FACTOR_PATHS = new Set(["/two-factor/verify-totp", "/two-factor/verify-backup-code"]);

interface Confirmations {
  passwordConfirmedAt?: Date | string | null;
  secondFactorConfirmedAt?: Date | string | null;
}

function isRecent(at: Date | string | null | undefined): boolean {
  return !!at && Date.now() - new Date(at).getTime() <= PASSWORD_CONFIRMATION_MINUTES * 60_000;
}

const requireConfirmation = createAuthMiddleware(async (ctx) => {
  const session = await getSessionFromCtx(ctx);
  if (!session) return; // the endpoint's own session check answers 401
  const confirmations = session.session as Confirmations;
  if (!isRecent(confirmations.passwordConfirmedAt))
    throw new APIError("FORBIDDEN", {
      code: PASSWORD_CONFIRMATION_REQUIRED,
      message: PASSWORD_CONFIRMATION_REQUIRED_MESSAGE,
    });
  if (session.user.twoFactorEnabled && !isRecent(confirmations.secondFactorConfirmedAt))
    throw new APIError("FORBIDDEN", {
      code: SECOND_FACTOR_CONFIRMATION_REQUIRED,
      message: SECOND_FACTOR_CONFIRMATION_REQUIRED_MESSAGE,
    });
});

/** A code the plugin accepted from a signed-in person with two-factor on (not a sign-in, not turning it on). */
const stampSecondFactor = createAuthMiddleware(async (ctx) => {
  const signedIn = ctx.context.session;
  if (ctx.context.returned instanceof Error || ctx.context.newSession || !signedIn?.session) return;
  if (!signedIn.user.twoFactorEnabled) return;
  await ctx.context.internalAdapter.updateSession(signedIn.session.token, {
    secondFactorConfirmedAt: new Date(),
  });
});

/** `POST /api/auth/confirm-password` `{password}`: stamps the session when the password is right. */
const confirmPassword = createAuthEndpoint(
  "/confirm-password",
  { method: "POST", use: [sessionMiddleware] },
  async (ctx) => {
    const { password } = (ctx.body ?? {}) as { password?: unknown };
    const { session, user } = ctx.context.session;
    const account = await ctx.context.internalAdapter.findCredentialAccount(user.id);
    const right =
      typeof password === "string" &&
      !!account?.password &&
      (await ctx.context.password.verify({ hash: account.password, password }));
    if (!right)
      throw new APIError("BAD_REQUEST", { code: "INVALID_PASSWORD", message: "Your password is not right." });
    await ctx.context.internalAdapter.updateSession(session.token, { passwordConfirmedAt: new Date() });
    return ctx.json({ status: true });
  },
);

export const passwordConfirmation = {
  id: "password-confirmation",
  schema: {
    session: {
      fields: {
        passwordConfirmedAt: { type: "date", required: false, input: false },
        secondFactorConfirmedAt: { type: "date", required: false, input: false },
      },
    },
  },
  endpoints: { confirmPassword },
  hooks: {
    before: [{ matcher: (ctx) => NEEDS_CONFIRMATION.has(ctx.path ?? ""), handler: requireConfirmation }],
    after: [{ matcher: (ctx) => SECOND_FACTOR_PATHS.has(ctx.path ?? ""), handler: stampSecondFactor }],
  },
  // A password oracle for whoever holds a session cookie: as slow as sign-in.
  rateLimit: [{ pathMatcher: (path) => path === "/confirm-password", window: 10, max: 3 }],
} satisfies BetterAuthPlugin;
