import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware } from "better-auth/api";

const PATHS_ANSWERING_SESSION_TOKENS = new Set([
  "/sign-in/email",
  "/sign-up/email",
  "/get-session",
  "/list-sessions",
]);

const withoutSessionTokenForBrowsers = createAuthMiddleware(async (ctx) => {
  const returned = ctx.context.returned;
  if (!returned || typeof returned !== "object" || returned instanceof Error || returned instanceof Response)
    return;
  const body = returned as Record<string, unknown>;
  if ((ctx.path === "/sign-in/email" || ctx.path === "/sign-up/email") && "token" in body) {
    const { token: _sessionToken, ...rest } = body;
    return ctx.json(rest);
  }
  if (ctx.path === "/list-sessions" && Array.isArray(returned)) {
    return ctx.json(returned.map(({ token: _sessionToken, ...session }: Record<string, unknown>) => session));
  }
  if (ctx.path === "/get-session" && body.session && typeof body.session === "object") {
    const { token: _sessionToken, ...session } = body.session as Record<string, unknown>;
    return ctx.json({ ...body, session });
  }
});

/**
 * The browser's session token belongs in its HttpOnly cookie, out of scripts' reach, so it is taken out
 * of the bodies Better Auth answers browsers with; this server's own calls (no request) keep it.
 */
export const sessionTokensStayInCookies = {
  id: "session-tokens-stay-in-cookies",
  hooks: {
    after: [
      {
        matcher: (ctx) => ctx.request !== undefined && PATHS_ANSWERING_SESSION_TOKENS.has(ctx.path ?? ""),
        handler: withoutSessionTokenForBrowsers,
      },
    ],
  },
} satisfies BetterAuthPlugin;
