import "server-only";

import { randomUUID } from "node:crypto";
import { signJWT } from "better-auth/plugins/jwt";

import { type AuthSession, getAuth, getJwtPluginOptions } from "@/lib/server/auth";
import { config } from "@/lib/server/env";
import {
  apiTokenCache,
  type MintedToken,
  TOKEN_LIFETIME_SECONDS,
  type TokenRequest,
  type TokenSubject,
} from "@/lib/server/token-cache";

/** The one place where API tokens are minted; they are cached per session in token-cache.ts. */

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

function subjectOf(session: AuthSession): TokenSubject {
  return {
    sessionId: session.session.id,
    userId: session.user.id,
    email: session.user.email,
    name: session.user.name || null,
  };
}

/** A token for a checked session, from the cache or freshly minted. */
export function apiTokenFor(session: AuthSession, request?: TokenRequest): Promise<string> {
  return apiTokenCache.tokenFor(subjectOf(session), mintApiToken, request);
}
