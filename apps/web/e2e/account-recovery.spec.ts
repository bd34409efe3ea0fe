import pg from "pg";
import { expect, test } from "./fixtures";
import { newCredentials, signUpThroughApi } from "./support/accounts";
import { linkIn, mailsTo } from "./support/mail";
import { SignInPage } from "./support/pages";
import { registerSoftwarePasskey } from "./support/software-authenticator";
import { enableTwoFactorThroughApi } from "./support/two-factor";

/**
 * Account pre-hijacking: someone signs up first with another person's address (verification is
 * optional), adds a passkey and turns on two-factor, and waits. The owner, told the address is taken,
 * resets the password by mail: the reset removes every way in the squatter added (lib/server/account-recovery.ts).
 */
test("a reset of an address never confirmed removes the passkeys and two-factor its creator added", async ({
  browser,
  page,
  baseURL,
  run,
}) => {
  const owner = newCredentials("owner");
  const squatter = await browser.newContext();
  await signUpThroughApi(squatter.request, baseURL!, owner);
  expect((await registerSoftwarePasskey(squatter.request, baseURL!, owner)).status()).toBe(200);
  await enableTwoFactorThroughApi(squatter.request, baseURL!, owner);

  const asked = await page.request.post(`${baseURL}/api/auth/request-password-reset`, {
    data: { email: owner.email, redirectTo: "/reset-password" },
    headers: { Origin: baseURL! },
  });
  expect(asked.status()).toBe(200);
  // The squatter's passkey and two-factor were told to the same address: the reset link is the third mail.
  const resetMail = (await mailsTo(owner.email, 3)).find(
    ({ subject }) => subject === "Reset your Todo password",
  )!;
  const token = /reset-password\/([^?/]+)/.exec(linkIn(resetMail))![1];
  const newPassword = `${owner.password}-owner`;
  const reset = await page.request.post(`${baseURL}/api/auth/reset-password`, {
    data: { token, newPassword },
    headers: { Origin: baseURL! },
  });
  expect(reset.status()).toBe(200);

  // The owner's password alone signs in: no code of the squatter's authenticator is asked for.
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn({ email: owner.email, password: newPassword });
  await expect(page).toHaveURL(/\/todos$/);

  const db = new pg.Client({ connectionString: run.databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{
      passkeys: string;
      factors: string;
      verified: boolean;
      enabled: boolean;
    }>(
      `SELECT (SELECT count(*) FROM passkey WHERE "userId" = u.id) AS passkeys,
              (SELECT count(*) FROM "twoFactor" WHERE "userId" = u.id) AS factors,
              u."emailVerified" AS verified, u."twoFactorEnabled" AS enabled
       FROM "user" u WHERE u.email = $1`,
      [owner.email],
    );
    expect(rows).toEqual([{ passkeys: "0", factors: "0", verified: true, enabled: false }]);
  } finally {
    await db.end();
    await squatter.close();
  }
});
