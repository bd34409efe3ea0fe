import "server-only";

import { randomUUID } from "node:crypto";
import { signJWT } from "better-auth/plugins/jwt";

import { getAuth, getJwtPluginOptions, type AuthSession } from "@/lib/server/auth";
import { config } from "@/lib/server/env";

/**
 * The one place where API tokens are minted, and their per-session cache.
 *
 * A token lives TOKEN_LIFETIME_SECONDS. It is reused while it has more than REFRESH_BEFORE_SECONDS
 * left; after that the next request still gets it but starts a re-mint in the background (FR-011,
 * silent refresh); only a request that finds no usable token waits for a mint. However many requests
 * arrive together, a session has at most one mint in flight.
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
}

export interface MintedToken {
  token: string;
  expiresAt: number; // seconds since the epoch
}

interface CacheEntry {
  current?: MintedToken;
  minting?: Promise<MintedToken>;
}

export interface TokenCacheOptions {
  mint: (subject: TokenSubject) => Promise<MintedToken>;
  now?: () => number; // seconds
  onMint?: () => void;
}

export function createTokenCache({ mint, now = () => Date.now() / 1000 }: TokenCacheOptions) {
  const entries = new Map<string, CacheEntry>();

  function startMint(entry: CacheEntry, subject: TokenSubject): Promise<MintedToken> {
    entry.minting ??= mint(subject)
      .then((minted) => {
        entry.current = minted;
        return minted;
      })
      .finally(() => {
        entry.minting = undefined;
      });
    return entry.minting;
  }

  return {
    /** A token for this session, minted or refreshed as needed. */
    async tokenFor(subject: TokenSubject, { fresh = false } = {}): Promise<string> {
      let entry = entries.get(subject.sessionId);
      if (!entry) {
        if (entries.size >= MAX_CACHED_SESSIONS) entries.clear();
        entry = {};
        entries.set(subject.sessionId, entry);
      }
      const remaining = entry.current ? entry.current.expiresAt - now() : 0;
      if (!fresh && entry.current && remaining > MIN_REMAINING_SECONDS) {
        if (remaining <= REFRESH_BEFORE_SECONDS) {
          // Refresh in the background; a failure here is retried by the next request.
          startMint(entry, subject).catch(() => undefined);
        }
        return entry.current.token;
      }
      if (fresh) entry.current = undefined;
      return (await startMint(entry, subject)).token;
    },
    forget(sessionId: string): void {
      entries.delete(sessionId);
    },
    size(): number {
      return entries.size;
    },
  };
}

/** Claims per packages/auth-contract/CONTRACT.md, signed through Better Auth's JWT plugin. */
export async function mintApiToken(subject: TokenSubject): Promise<MintedToken> {
  const cfg = config();
  const issuedAt = Math.floor(Date.now() / 1000);
  const expiresAt = issuedAt + TOKEN_LIFETIME_SECONDS;
  const payload = {
    iss: cfg.jwtIssuer,
    aud: cfg.jwtAudience,
    sub: subject.userId,
    sid: subject.sessionId,
    email: subject.email,
    ...(subject.name ? { name: subject.name } : {}),
    iat: issuedAt,
    nbf: issuedAt,
    exp: expiresAt,
    jti: randomUUID(),
  };
  const context = await getAuth().$context;
  const token = await signJWT({ context } as Parameters<typeof signJWT>[0], {
    options: getJwtPluginOptions(),
    payload,
    header: { typ: "at+jwt" },
  });
  return { token, expiresAt };
}

const tokens = createTokenCache({ mint: mintApiToken });

export function subjectOf(session: AuthSession): TokenSubject {
  return {
    sessionId: session.session.id,
    userId: session.user.id,
    email: session.user.email,
    name: session.user.name || null,
  };
}

export function apiTokenFor(session: AuthSession, options?: { fresh?: boolean }): Promise<string> {
  return tokens.tokenFor(subjectOf(session), options);
}

/** Called when Better Auth deletes a session (sign-out, revocation, account deletion). */
export function forgetApiTokens(sessionId: string): void {
  tokens.forget(sessionId);
}
