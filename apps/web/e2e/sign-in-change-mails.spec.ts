import { expect, test } from "./fixtures";
import { newCredentials, signUpThroughApi } from "./support/accounts";
import { linkIn, mailsTo } from "./support/mail";
import { registerSoftwarePasskey } from "./support/software-authenticator";
import { confirmIdentityThroughApi, enableTwoFactorThroughApi, totpCode } from "./support/two-factor";

/**
 * Each change of how an account signs in is mailed to its address (ASVS 2.2.3), so that a change made
 * by someone at the owner's signed-in device does not go unnoticed (lib/server/security-activity.ts).
 */
test("password changed, passkey added, two-factor on and off, and password reset are each told by one mail", async ({
  browser,
  baseURL,
}) => {
  const user = newCredentials("told");
  const device = await browser.newContext({ baseURL });
  const post = (path: string, data: object) =>
    device.request.post(`/api/auth${path}`, { data, headers: { Origin: baseURL! } });
  await signUpThroughApi(device.request, baseURL!, user);

  const password = `${user.password}-2`;
  expect(
    (await post("/change-password", { currentPassword: user.password, newPassword: password })).status(),
  ).toBe(200);
  expect((await registerSoftwarePasskey(device.request, baseURL!, { password })).status()).toBe(200);
  const { key } = await enableTwoFactorThroughApi(device.request, baseURL!, { password });
  await confirmIdentityThroughApi(device.request, baseURL!, password, totpCode(key, 1));
  expect((await post("/two-factor/disable", { password })).status()).toBe(200);
  expect(
    (await post("/request-password-reset", { email: user.email, redirectTo: "/reset-password" })).status(),
  ).toBe(200);
  const resetMail = (await mailsTo(user.email, 5)).find(
    ({ subject }) => subject === "Reset your Todo password",
  );
  const resetLink = linkIn(resetMail!);
  const token = /reset-password\/([^?/]+)/.exec(resetLink)![1];
  expect((await post("/reset-password", { token, newPassword: `${password}-3` })).status()).toBe(200);

  const mails = await mailsTo(user.email, 6);
  expect(mails.map(({ subject }) => subject).sort()).toEqual(
    [
      "Your password was changed on your Todo account",
      "A passkey was added on your Todo account",
      "Two-factor sign-in was set up on your Todo account",
      "Two-factor sign-in was turned off on your Todo account",
      "Reset your Todo password",
      "Your password was reset with a link sent to this address on your Todo account",
    ].sort(),
  );
  for (const mail of mails.filter(({ subject }) => subject !== "Reset your Todo password"))
    expect(mail.text, "no secret in the mail").not.toContain(password);
  await device.close();
});
