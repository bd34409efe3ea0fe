/**
 * The TypeScript side of packages/auth-contract: the real minter (HS256 through Better Auth's JWT
 * plugin) produces tokens that match the JSON Schema and the shared vectors, and the API's real
 * Python verifier accepts them (and refuses them tampered).
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import Ajv2020 from "ajv/dist/2020";
import { decodeJwt, decodeProtectedHeader, jwtVerify } from "jose";
import { beforeAll, describe, expect, it } from "vitest";

const CONTRACT = path.resolve(import.meta.dirname, "../../../../packages/auth-contract");
const REPO = path.resolve(CONTRACT, "../..");

interface Vector {
  name: string;
  token: string;
  keys: { alg: "HS256" | "EdDSA"; secrets?: string[] };
  issuer: string;
  audience: string;
  now: number;
  expected: { valid: true; claims: Record<string, unknown> } | { valid: false; reason: string };
}

const vectors: Vector[] = readdirSync(path.join(CONTRACT, "vectors"))
  .filter((file) => file.endsWith(".json"))
  .map((file) => JSON.parse(readFileSync(path.join(CONTRACT, "vectors", file), "utf8")));
const hs256Valid = vectors.find((vector) => vector.name === "hs256_valid")!;
const sharedSecret = hs256Valid.keys.secrets![0];

const ajv = new Ajv2020({ strict: false });
const validateToken = ajv.compile(
  JSON.parse(readFileSync(path.join(CONTRACT, "schema/token.schema.json"), "utf8")),
);

// The minter reads its configuration from the environment on first use.
process.env.FRONTEND_JWT_SECRET = sharedSecret;
process.env.BETTER_AUTH_SECRET = "contract-test-better-auth-secret-0123456789";
process.env.BETTER_AUTH_URL = hs256Valid.issuer;
process.env.DATABASE_URL ??= "postgresql://unused@127.0.0.1:1/unused"; // HS256 minting never queries it
process.env.AUTH_JWT_ALG = "HS256";

const subject = {
  sessionId: "session-123",
  userId: "user-456",
  email: "zoe@example.com",
  name: "Zoë Ångström",
  amr: null,
};

/** Runs the API's TokenVerifier (the real one) on a token; returns "ok" or the rejection reason. */
function pythonVerdict(token: string, secret: string): string {
  const script = [
    "import sys",
    "from todo_api.core.token_verifier import StaticKeySet, TokenRejected, TokenVerifier",
    `verifier = TokenVerifier(algorithm="HS256", keys=StaticKeySet([sys.argv[2].encode()]), issuer=${JSON.stringify(hs256Valid.issuer)}, audience="todo-api")`,
    "try:",
    "    verifier.verify(sys.argv[1]); print('ok')",
    "except TokenRejected as exc:",
    "    print(exc.reason.value)",
  ].join("\n");
  const [uv, ...uvArgs] = (process.env.UV_COMMAND || "uv").split(" "); // `make` passes the uv it installed
  return execFileSync(uv, [...uvArgs, "run", "--locked", "--quiet", "python", "-c", script, token, secret], {
    cwd: REPO,
    encoding: "utf8",
  }).trim();
}

describe("the HS256 minter against the contract", () => {
  let token: string;

  beforeAll(async () => {
    const { mintApiToken } = await import("@/lib/server/api-token");
    ({ token } = await mintApiToken(subject));
  });

  it("produces a header and claims that the JSON Schema accepts", () => {
    const document = { header: decodeProtectedHeader(token), claims: decodeJwt(token) };
    expect(validateToken(document), JSON.stringify(validateToken.errors)).toBe(true);
  });

  it("uses the header and claim set of the valid vector, with a lifetime of at most 300 s", () => {
    const header = decodeProtectedHeader(token);
    expect(header).toEqual(decodeProtectedHeader(hs256Valid.token)); // alg, kid from the secret, typ
    const claims = decodeJwt(token);
    const expected = (hs256Valid.expected as { claims: Record<string, unknown> }).claims;
    expect(Object.keys(claims).sort()).toEqual(Object.keys(expected).sort());
    expect(claims).toMatchObject({
      sub: "user-456",
      sid: "session-123",
      email: "zoe@example.com",
      aud: "todo-api",
    });
    expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(300);
    expect(claims.nbf).toBe(claims.iat);
  });

  it("verifies with the shared secret, as the vectors do", async () => {
    const key = new TextEncoder().encode(sharedSecret);
    await expect(
      jwtVerify(token, key, { issuer: hs256Valid.issuer, audience: "todo-api", typ: "at+jwt" }),
    ).resolves.toBeTruthy();
    const vectorCheck = jwtVerify(hs256Valid.token, key, {
      currentDate: new Date(hs256Valid.now * 1000),
      typ: "at+jwt",
    });
    await expect(vectorCheck).resolves.toBeTruthy();
  });

  it("is accepted by the API's Python verifier, and refused when tampered", () => {
    expect(pythonVerdict(token, sharedSecret)).toBe("ok");
    const [header, payload, signature] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ ...decodeJwt(token), sub: "someone-else" })).toString(
      "base64url",
    );
    expect(pythonVerdict(`${header}.${forged}.${signature}`, sharedSecret)).toBe("signature_invalid");
    expect(pythonVerdict(`${header}.${payload}.${signature.slice(0, -2)}AA`, sharedSecret)).not.toBe("ok");
    expect(pythonVerdict(token, "another-secret-of-enough-length-0123456789")).toBe("kid_unknown");
  });

  it("carries the session's amr as the vector with amr does, and the schema and the API accept it", async () => {
    const { mintApiToken } = await import("@/lib/server/api-token");
    const { token: withAmr } = await mintApiToken({ ...subject, amr: ["pwd", "otp"] });
    const amrVector = vectors.find((vector) => vector.name === "hs256_amr_password_and_otp")!;
    const expected = (amrVector.expected as { claims: Record<string, unknown> }).claims;
    const claims = decodeJwt(withAmr);
    expect(Object.keys(claims).sort()).toEqual(Object.keys(expected).sort());
    expect(claims.amr).toEqual(expected.amr);
    const document = { header: decodeProtectedHeader(withAmr), claims };
    expect(validateToken(document), JSON.stringify(validateToken.errors)).toBe(true);
    expect(pythonVerdict(withAmr, sharedSecret)).toBe("ok");
  });
});

describe("the JSON Schema and the amr vectors", () => {
  const amrVectors = vectors.filter((vector) => vector.name.startsWith("hs256_amr_"));

  it.each(amrVectors.map((vector) => [vector.name, vector] as const))(
    "%s: the schema's verdict on the claims is the vector's",
    (_name, vector) => {
      const document = { header: decodeProtectedHeader(vector.token), claims: decodeJwt(vector.token) };
      expect(validateToken(document)).toBe(vector.expected.valid);
    },
  );
});
