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
} from "@/lib/password-length";

/**
 * Changes that would let whoever holds a session cookie keep the account after its owner takes it back
 * (a new address to reset through, a passkey of their own): each needs the password confirmed on this
 * session within the last few minutes, as GitHub's sudo mode does, not only a session.
 */
const NEEDS_CONFIRMED_PASSWORD = new Set([
  "/change-email",
  "/passkey/generate-register-options",
  "/passkey/verify-registration",
]);

const requireConfirmedPassword = createAuthMiddleware(async (ctx) => {
  const session = await getSessionFromCtx(ctx);
  if (!session) return; // the endpoint's own session check answers 401
  const confirmedAt = (session.session as { passwordConfirmedAt?: Date | string | null }).passwordConfirmedAt;
  const age = confirmedAt ? Date.now() - new Date(confirmedAt).getTime() : Number.POSITIVE_INFINITY;
  if (!(age <= PASSWORD_CONFIRMATION_MINUTES * 60_000))
    throw new APIError("FORBIDDEN", {
      code: PASSWORD_CONFIRMATION_REQUIRED,
      message: PASSWORD_CONFIRMATION_REQUIRED_MESSAGE,
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
  schema: { session: { fields: { passwordConfirmedAt: { type: "date", required: false, input: false } } } },
  endpoints: { confirmPassword },
  hooks: {
    before: [
      { matcher: (ctx) => NEEDS_CONFIRMED_PASSWORD.has(ctx.path ?? ""), handler: requireConfirmedPassword },
    ],
  },
  // A password oracle for whoever holds a session cookie: as slow as sign-in.
  rateLimit: [{ pathMatcher: (path) => path === "/confirm-password", window: 10, max: 3 }],
} satisfies BetterAuthPlugin;
