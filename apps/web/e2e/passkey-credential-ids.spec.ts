import { randomBytes } from "node:crypto";

import type { APIRequestContext } from "@playwright/test";
import pg from "pg";
import { expect, test } from "./fixtures";
import { type Credentials, newCredentials, signUpThroughApi } from "./support/accounts";
import { softwareRegistration } from "./support/software-authenticator";

/**
 * A credential id names one passkey of one account (WebAuthn §7.1, step 22): a registration that
 * brings an id already registered, whoever registered it, is refused, so that no one can put a second
 * key under someone's credential id and make the sign-in pick the wrong one.
 */
test.describe("Passkey credential ids", () => {
  /** Registers a passkey under `credentialId` for the account signed in on `request`; the answer. */
  async function register(
    request: APIRequestContext,
    webUrl: string,
    { password }: Credentials,
    credentialId: Uint8Array<ArrayBuffer>,
  ) {
    const confirmed = await request.post(`${webUrl}/api/auth/confirm-password`, {
      data: { password },
      headers: { Origin: webUrl },
    });
    expect(confirmed.status()).toBe(200);
    const options = await request.get(`${webUrl}/api/auth/passkey/generate-register-options`);
    expect(options.status()).toBe(200);
    const { challenge, rp } = (await options.json()) as { challenge: string; rp: { id: string } };
    const response = softwareRegistration({ challenge, origin: webUrl, rpId: rp.id, credentialId });
    return request.post(`${webUrl}/api/auth/passkey/verify-registration`, {
      data: { response, name: "Software key" },
      headers: { Origin: webUrl },
    });
  }

  test("a credential id already registered to another account is refused, and stays the first owner's", async ({
    browser,
    run,
  }) => {
    const owner = await browser.newContext();
    const attacker = await browser.newContext();
    const ownerCredentials = newCredentials("passkey-owner");
    await signUpThroughApi(owner.request, run.webUrl, ownerCredentials);
    const attackerCredentials = newCredentials("passkey-attacker");
    await signUpThroughApi(attacker.request, run.webUrl, attackerCredentials);
    const credentialId = new Uint8Array(randomBytes(32));

    expect((await register(owner.request, run.webUrl, ownerCredentials, credentialId)).status()).toBe(200);
    const refused = await register(attacker.request, run.webUrl, attackerCredentials, credentialId);
    expect(refused.status()).toBe(400);
    expect(await refused.json()).toMatchObject({
      code: "PASSKEY_ALREADY_REGISTERED",
      message: "This passkey is already registered.",
    });

    const db = new pg.Client({ connectionString: run.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ email: string }>(
        `SELECT u.email FROM passkey p JOIN "user" u ON u.id = p."userId" WHERE p."credentialID" = $1`,
        [Buffer.from(credentialId).toString("base64url")],
      );
      expect(rows).toEqual([{ email: ownerCredentials.email }]);
    } finally {
      await db.end();
      await owner.close();
      await attacker.close();
    }
  });
});
