import { createHash } from "node:crypto";

import { metrics, secondsSince } from "@/runtime/metrics.mjs";

/**
 * The per-session cache of API tokens. A leaf: it mints nothing itself (the caller passes the minter),
 * so that Better Auth's configuration can tell it about ended sessions without an import cycle.
 *
 * A token lives TOKEN_LIFETIME_SECONDS. It is reused while it has more than REFRESH_BEFORE_SECONDS
 * left; after that the next request still gets it but starts a re-mint in the background (FR-011,
 * silent refresh); only a request that finds no usable token waits for a mint. However many requests
 * arrive together, a session has at most one mint in flight.
 *
 * The cache also remembers which session cookie belonged to which session when the session was last
 * checked (by a hash: no second copy of the cookie), so that the BFF can start a read before the
 * session check of the request has finished (see `readEarly` in bff-route.ts).
 */

export const TOKEN_LIFETIME_SECONDS = 300;
export const REFRESH_BEFORE_SECONDS = 60;
/** A token closer than this to its expiry is not handed out: it could expire on the way. */
export const MIN_REMAINING_SECONDS = 10;
const MAX_CACHED_SESSIONS = 10_000;

export interface TokenSubject {
  sessionId: string;
  userId: string;
  email: string;
  name: string | null;
  /** How the session was started (RFC 8176 `amr`); null when unknown, and the claim is left out. */
  amr: readonly string[] | null;
}

export interface MintedToken {
  token: string;
  expiresAt: number; // seconds since the epoch
}

export type Minter = (subject: TokenSubject) => Promise<MintedToken>;

interface CacheEntry {
  current?: MintedToken;
  /** The account and session details `current` carries: a changed name or email needs a new token. */
  currentClaims?: string;
  minting?: Promise<MintedToken>;
  cookieKey?: string;
}

export interface TokenRequest {
  /** Mint a new token even if one is cached (the API refused the cached one). */
  fresh?: boolean;
  /** The session cookie of the checked request, remembered for `cachedForCookie`. */
  sessionCookie?: string | null;
}

/** The account and session details a token carries, as one comparable value. */
export function claimsOf({ email, name, amr }: Pick<TokenSubject, "email" | "name" | "amr">): string {
  return JSON.stringify([email, name, amr]);
}

/** The key of what is remembered about a session cookie: its hash, never a second copy of it. */
export function cookieKey(sessionCookie: string): string {
  return createHash("sha256").update(sessionCookie).digest("base64url");
}

export function createTokenCache({ now = () => Date.now() / 1000 }: { now?: () => number } = {}) {
  const entries = new Map<string, CacheEntry>();
  const sessionIdsByCookie = new Map<string, string>();

  function startMint(
    entry: CacheEntry,
    subject: TokenSubject,
    mint: Minter,
    trigger: "foreground" | "background",
  ): Promise<MintedToken> {
    if (entry.minting) {
      // A background refresh waits for nothing, so only a request's wait counts as joining.
      if (trigger === "foreground") metrics.tokenSingleFlightJoins.inc();
      return entry.minting;
    }
    if (trigger === "background") metrics.tokenBackgroundRefreshes.inc();
    const started = performance.now();
    entry.minting = mint(subject)
      .then((minted) => {
        metrics.tokenMintDuration.observe({ trigger }, secondsSince(started));
        entry.current = minted;
        entry.currentClaims = claimsOf(subject);
        return minted;
      })
      .finally(() => {
        entry.minting = undefined;
      });
    return entry.minting;
  }

  /** The entry's token if it has more than MIN_REMAINING_SECONDS left: safe to send. */
  function usableToken(entry: CacheEntry | undefined): MintedToken | undefined {
    const current = entry?.current;
    return current && current.expiresAt - now() > MIN_REMAINING_SECONDS ? current : undefined;
  }

  return {
    /** A token for this session, minted with `mint` or refreshed as needed. */
    async tokenFor(
      subject: TokenSubject,
      mint: Minter,
      { fresh = false, sessionCookie }: TokenRequest = {},
    ): Promise<string> {
      let entry = entries.get(subject.sessionId);
      if (!entry) {
        if (entries.size >= MAX_CACHED_SESSIONS) {
          entries.clear();
          sessionIdsByCookie.clear();
        }
        entry = {};
        entries.set(subject.sessionId, entry);
      }
      if (sessionCookie && entry.cookieKey === undefined) {
        entry.cookieKey = cookieKey(sessionCookie);
        sessionIdsByCookie.set(entry.cookieKey, subject.sessionId);
      }
      // The session check just read the account: a token with its old name or email is not reused.
      const stale = fresh || entry.currentClaims !== claimsOf(subject);
      const usable = stale ? undefined : usableToken(entry);
      if (usable) {
        if (usable.expiresAt - now() <= REFRESH_BEFORE_SECONDS) {
          metrics.tokenCacheLookups.inc({ outcome: "stale" });
          // Refresh in the background; a failure here is retried by the next request.
          startMint(entry, subject, mint, "background").catch(() => undefined);
        } else metrics.tokenCacheLookups.inc({ outcome: "hit" });
        return usable.token;
      }
      metrics.tokenCacheLookups.inc({ outcome: "miss" });
      if (stale) entry.current = undefined;
      return (await startMint(entry, subject, mint, "foreground")).token;
    },
    /**
     * The usable token cached for the session this cookie belonged to at its last check, with that
     * session's id and the claims it carries; never mints. The caller must still check the session
     * (and that its account details are the ones the token carries) before using an answer.
     */
    cachedForCookie(sessionCookie: string): { sessionId: string; token: string; claims: string } | null {
      const sessionId = sessionIdsByCookie.get(cookieKey(sessionCookie));
      if (sessionId === undefined) return null;
      const entry = entries.get(sessionId);
      const usable = usableToken(entry);
      return usable && entry?.currentClaims
        ? { sessionId, token: usable.token, claims: entry.currentClaims }
        : null;
    },
    /** Called when Better Auth deletes a session (sign-out, revocation, account deletion). */
    forget(sessionId: string): void {
      const entry = entries.get(sessionId);
      if (entry?.cookieKey) sessionIdsByCookie.delete(entry.cookieKey);
      entries.delete(sessionId);
    },
  };
}

/** The server's one cache: filled by api-token.ts, told about ended sessions by auth.ts. */
export const apiTokenCache = createTokenCache();
