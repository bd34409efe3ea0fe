import "server-only";

import { randomUUID } from "node:crypto";
import { signJWT } from "better-auth/plugins/jwt";
import { TokenError } from "fast-jwt";
import { errors as joseErrors } from "jose";
import { DatabaseError } from "pg";

import { type AuthSession, getAuth, getJwtPluginOptions } from "@/lib/server/auth";
import { config } from "@/lib/server/env";
import {
  apiTokenCache,
  type MintedToken,
  TOKEN_LIFETIME_SECONDS,
  type TokenRequest,
  type TokenSubject,
} from "@/lib/server/token-cache";
import { metrics } from "@/runtime/metrics.mjs";

/** The one place where API tokens are minted; they are cached per session in token-cache.ts. */

/**
 * Why a mint failed, as the metric's `reason`: the signing itself (fast-jwt with HS256, jose with EdDSA),
 * the database (Better Auth's EdDSA keys live there: a PostgreSQL error or a failed connection), or
 * anything else.
 */
export function mintFailureReason(error: unknown): "signing" | "database" | "other" {
  if (error instanceof TokenError || error instanceof joseErrors.JOSEError) return "signing";
  if (error instanceof DatabaseError) return "database";
  if (error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === "string")
    return "database";
  return "other";
}

/** Claims per packages/auth-contract/CONTRACT.md, signed through Better Auth's JWT plugin; counted by result. */
export async function mintApiToken(subject: TokenSubject): Promise<MintedToken> {
  try {
    const minted = await signApiToken(subject);
    metrics.tokenMints.inc({ result: "ok", reason: "ok" });
    return minted;
  } catch (error) {
    metrics.tokenMints.inc({ result: "error", reason: mintFailureReason(error) });
    throw error;
  }
}

async function signApiToken(subject: TokenSubject): Promise<MintedToken> {
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
    ...(subject.amr ? { amr: subject.amr } : {}),
  };
  const context = await getAuth().$context;
  const token = await signJWT({ context } as Parameters<typeof signJWT>[0], {
    options: getJwtPluginOptions(),
    payload,
    header: { typ: "at+jwt" },
  });
  return { token, expiresAt };
}

/** What an API token for this session says about its user. */
export function subjectOf(session: AuthSession): TokenSubject {
  return {
    sessionId: session.session.id,
    userId: session.user.id,
    email: session.user.email,
    name: session.user.name || null,
    amr: session.session.amr ?? null,
  };
}

/** A token for a checked session, from the cache or freshly minted. */
export function apiTokenFor(session: AuthSession, request?: TokenRequest): Promise<string> {
  return apiTokenCache.tokenFor(subjectOf(session), mintApiToken, request);
}
