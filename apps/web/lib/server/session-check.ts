import "server-only";

import DataLoader from "dataloader";
import { type AuthSession, getAuth } from "@/lib/server/auth";
import { cookieKey } from "@/lib/server/token-cache";

/**
 * The session check of every BFF call. A session cookie's first call, and any call that Better Auth
 * would answer with more than "valid" (an ended, expired or changed session, a renewal due), goes
 * through Better Auth's `getSession`, which checks the cookie's signature. Later calls with that very
 * cookie (its hash) still look the session up in the database on every call, through Better Auth's
 * own adapter, so that a sign-out, a revocation or a change of account is seen on the next call on any
 * replica; they skip what `getSession` does around that lookup (its hook pipeline and a WebCrypto
 * check of a signature already checked). The lookups of the calls that arrive in one turn of the
 * event loop share one query, as a socket write costs more than the query's bytes. What it bought:
 * docs/performance.md.
 */

const MAX_REMEMBERED_COOKIES = 10_000;
/** The hash of each session cookie that `getSession` accepted, with the id of its session. */
const verifiedCookies = new Map<string, string>();

/**
 * Sessions and their users by token, through Better Auth's adapter: one query a turn, never cached (each
 * call is looked up anew).
 */
const sessionsByToken = new DataLoader<string, AuthSession | null>(
  async (tokens) => {
    const context = await getAuth().$context;
    const found = await context.internalAdapter.findSessions([...tokens]);
    const byToken = new Map(found.map((one) => [one.session.token, one as unknown as AuthSession]));
    return tokens.map((token) => byToken.get(token) ?? null);
  },
  { cache: false, maxBatchSize: 100, batchScheduleFn: (run) => setImmediate(run) },
);

async function throughBetterAuth(request: Request, key: string | null): Promise<AuthSession | null> {
  const session = await getAuth().api.getSession({ headers: request.headers });
  if (key === null) return session;
  if (!session) verifiedCookies.delete(key);
  else {
    if (verifiedCookies.size >= MAX_REMEMBERED_COOKIES) verifiedCookies.clear();
    verifiedCookies.set(key, session.session.id);
  }
  return session;
}

/** The request's session, as Better Auth's `getSession` would return it; throws when it cannot be checked. */
export async function checkSession(
  request: Request,
  sessionCookie: string | null,
): Promise<AuthSession | null> {
  const key = sessionCookie ? cookieKey(sessionCookie) : null;
  const sessionId = key === null ? undefined : verifiedCookies.get(key);
  if (sessionId === undefined || sessionCookie === null) return throughBetterAuth(request, key);
  // The signed cookie is `token.signature`; its signature was checked when it was remembered.
  const found = await sessionsByToken.load(sessionCookie.slice(0, sessionCookie.lastIndexOf(".")));
  const context = await getAuth().$context;
  const now = Date.now();
  const expiresAt = found?.session.expiresAt.getTime() ?? 0;
  const { expiresIn, updateAge } = context.sessionConfig;
  // Better Auth's own rules (getSession): ended or expired, and renewed once updateAge has passed.
  const renewalDue = expiresAt - expiresIn * 1000 + updateAge * 1000 <= now;
  if (!found || found.session.id !== sessionId || expiresAt <= now || renewalDue)
    return throughBetterAuth(request, key);
  return found;
}
