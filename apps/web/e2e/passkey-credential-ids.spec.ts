import { randomBytes } from "node:crypto";

import pg from "pg";
import { expect, test } from "./fixtures";
import { newCredentials, signUpThroughApi } from "./support/accounts";
import { registerSoftwarePasskey } from "./support/software-authenticator";

/**
 * A credential id names one passkey of one account (WebAuthn §7.1, step 22): a registration that
 * brings an id already registered, whoever registered it, is refused, so that no one can put a second
 * key under someone's credential id and make the sign-in pick the wrong one.
 */
test.describe("Passkey credential ids", () => {
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

    expect(
      (await registerSoftwarePasskey(owner.request, run.webUrl, ownerCredentials, credentialId)).status(),
    ).toBe(200);
    const refused = await registerSoftwarePasskey(
      attacker.request,
      run.webUrl,
      attackerCredentials,
      credentialId,
    );
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
