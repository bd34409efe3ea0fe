/**
 * For the cross-language test (apps/api/tests/test_cross_language.py): mints one API token with the
 * web app's real minter, as configured by the environment, and prints it with the JWKS the API
 * should trust (empty in HS256 mode, where the key is the shared secret).
 *
 *   tsx --conditions=react-server tests/support/mint-token.ts
 */
import { mintApiToken } from "@/lib/server/api-token";
import { getAuth, getDatabasePool } from "@/lib/server/auth";
import { config } from "@/lib/server/env";

const subject = {
  sessionId: "cross-language-session",
  userId: "cross-language-user",
  email: "cross@example.com",
  name: "Cross Language",
  amr: ["pwd", "otp"],
};

const { token } = await mintApiToken(subject);
const jwks = config().jwtAlgorithm === "EdDSA" ? await getAuth().api.getJwks() : { keys: [] };
console.log(JSON.stringify({ token, jwks }));
await getDatabasePool().end();
