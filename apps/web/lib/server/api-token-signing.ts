import "server-only";

import { createHash } from "node:crypto";
import type { JwtOptions } from "better-auth/plugins/jwt";
import { createSigner } from "fast-jwt";
import type { WebConfig } from "@/lib/server/env";

/** How API tokens are signed: the JWT plugin's options, with which api-token.ts mints in either mode. */

/** The `kid` of an HS256 token: first 16 hex digits of SHA-256 of the secret (CONTRACT.md). */
function hs256Kid(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex").slice(0, 16);
}

/**
 * An HS256 signer per `typ` header: fast-jwt signs synchronously with node:crypto, so a mint never waits
 * behind other requests for the thread pool that WebCrypto (jose) would use (docs/performance.md).
 */
function hs256Signers(secret: string) {
  const kid = hs256Kid(secret);
  const signers = new Map<string | undefined, (payload: object) => string>();
  return (payload: object, typ: string | undefined): string => {
    let sign = signers.get(typ);
    if (!sign) {
      sign = createSigner({
        key: secret,
        algorithm: "HS256",
        kid,
        header: typ ? { alg: "HS256", typ } : undefined,
      });
      signers.set(typ, sign);
    }
    return sign(payload);
  };
}

/**
 * The JWT plugin's options. In both modes tokens are produced by the plugin (FR-002): with HS256 its
 * `jwt.sign` hook signs with the secret shared with the API; with EdDSA it signs with its own keys,
 * published at /api/auth/jwks.
 */
export function jwtPluginOptions(cfg: WebConfig): JwtOptions {
  const common = { issuer: cfg.jwtIssuer, audience: cfg.jwtAudience };
  if (cfg.jwtAlgorithm === "EdDSA") {
    return {
      jwks: { keyPairConfig: { alg: "EdDSA", crv: "Ed25519" } },
      jwt: common,
      disableSettingJwtHeader: true,
    };
  }
  const secret = cfg.sharedJwtSecret;
  if (!secret) throw new Error("FRONTEND_JWT_SECRET is required when AUTH_JWT_ALG is HS256");
  const sign = hs256Signers(secret);
  return {
    // The plugin insists on a remote JWKS URL with a custom signer; with HS256 there is no JWKS to
    // publish, and the plugin's own /jwks endpoint is disabled below.
    jwks: { remoteUrl: `${cfg.appOrigin}/api/auth/jwks`, keyPairConfig: { alg: "EdDSA" } },
    jwt: {
      ...common,
      sign: (payload, header?: { typ?: string }) => sign(payload, header?.typ),
    },
    disableSettingJwtHeader: true,
  };
}
