import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware } from "better-auth/api";

/** `value` without a `token` member at its top, in its `session` or in a list's elements; itself if it has none. */
function withoutSessionTokens<T>(value: T): T {
  if (Array.isArray(value)) {
    const items = value.map(withoutSessionTokens);
    return items.some((item, index) => item !== value[index]) ? (items as T) : value;
  }
  if (!value || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  const session = withoutSessionTokens(record.session);
  if (!("token" in record) && session === record.session) return value;
  const { token: _sessionToken, ...rest } = record;
  if (session !== record.session) rest.session = session;
  return rest as T;
}

const sessionTokensOutOfBodies = createAuthMiddleware(async (ctx) => {
  const returned = ctx.context.returned;
  if (!returned || typeof returned !== "object" || returned instanceof Error || returned instanceof Response)
    return;
  const cleaned = withoutSessionTokens(returned);
  if (cleaned !== returned) return ctx.json(cleaned as Record<string, unknown>);
});

/**
 * The browser's session token belongs in its HttpOnly cookie, out of scripts' reach, so it is taken out
 * of every body Better Auth answers a browser with (sign-in, sign-up, get-session, list-sessions,
 * change-password, …); this server's own calls (no request) keep it.
 */
export const sessionTokensStayInCookies = {
  id: "session-tokens-stay-in-cookies",
  hooks: {
    after: [{ matcher: (ctx) => ctx.request !== undefined, handler: sessionTokensOutOfBodies }],
  },
} satisfies BetterAuthPlugin;
