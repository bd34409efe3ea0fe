import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext } from "@playwright/test";

import { expect, test } from "./fixtures";
import { newCredentials, signInThroughApi, signUpThroughApi } from "./support/accounts";
import { linkIn, mailsTo } from "./support/mail";
import { AccountPage } from "./support/pages";
import { registerSoftwarePasskey } from "./support/software-authenticator";
import { confirmIdentityThroughApi, enableTwoFactorThroughApi, totpCode } from "./support/two-factor";

// Another browser on another system than the tests' Chromium on Linux: a device the account has not used.
const FIREFOX_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

const post = (context: BrowserContext, baseURL: string, path: string, data: object) =>
  context.request.post(`${baseURL}/api/auth${path}`, { data, headers: { Origin: baseURL } });

/** A browser of its own (a cookie jar of its own), as another user agent when given. */
function newDevice(browser: Browser, baseURL: string, userAgent?: string): Promise<BrowserContext> {
  return browser.newContext({ baseURL, ...(userAgent ? { userAgent } : {}) });
}

/**
 * The account's security events (lib/server/security-activity.ts), kept where Better Auth tells of
 * them, shown on the Account page to their owner only, with mails for what the owner must hear of.
 */
test.describe("Security activity", () => {
  test("a sign-in from a new device is mailed once, a second from it is not; turning two-factor off is mailed", async ({
    browser,
    baseURL,
  }) => {
    const user = newCredentials("alerted");
    const home = await newDevice(browser, baseURL!);
    const away = await newDevice(browser, baseURL!, FIREFOX_ON_WINDOWS);
    const awayAgain = await newDevice(browser, baseURL!, FIREFOX_ON_WINDOWS);
    const homeAgain = await newDevice(browser, baseURL!);
    try {
      await signUpThroughApi(home.request, baseURL!, user);
      await signInThroughApi(away.request, baseURL!, user);
      // The same browser, system and network as a sign-in before: no mail, whichever cookie jar.
      await signInThroughApi(awayAgain.request, baseURL!, user);
      await signInThroughApi(homeAgain.request, baseURL!, user);
      const { key } = await enableTwoFactorThroughApi(home.request, baseURL!, user);
      await confirmIdentityThroughApi(home.request, baseURL!, user.password, totpCode(key, 1));
      expect((await post(home, baseURL!, "/two-factor/disable", { password: user.password })).status()).toBe(
        200,
      );

      const mails = await mailsTo(user.email, 3);
      expect(mails.map(({ subject }) => subject).sort()).toEqual(
        [
          "A new sign-in to your Todo account",
          "Two-factor sign-in was set up on your Todo account",
          "Two-factor sign-in was turned off on your Todo account",
        ].sort(),
      );
      const alert = mails.find(({ subject }) => subject === "A new sign-in to your Todo account")!;
      expect(alert.text).toContain("with password");
      expect(alert.text).toContain("Device: Firefox on Windows\nNetwork: 127.0.0.0/24\n");
      for (const mail of mails) expect(mail.text, "no secret in a mail").not.toContain(user.password);

      // Signing the other devices out from the Account page is an event too, shown first.
      const account = new AccountPage(await home.newPage());
      await account.goto();
      await account.signOutEverywhereElse();
      await account.page.reload();
      await expect(account.page.getByTestId("security-event").first()).toHaveText(
        /^Signed out on other devices.*Chrome on Linux/,
      );
      await expect(account.page.getByTestId("security-event").nth(1)).toHaveText(
        /^Two-factor sign-in turned off/,
      );
    } finally {
      await Promise.all([home, away, awayAgain, homeAgain].map((context) => context.close()));
    }
  });

  test("passkeys added and removed, a change of email and a password reset appear on the Account page", async ({
    browser,
    baseURL,
  }) => {
    const user = newCredentials("changes");
    const newEmail = newCredentials("changed").email;
    const home = await newDevice(browser, baseURL!);
    try {
      await signUpThroughApi(home.request, baseURL!, user);
      const signedUpAt = Date.now();
      expect((await registerSoftwarePasskey(home.request, baseURL!, user)).status()).toBe(200);
      const [passkey] = (await (await home.request.get("/api/auth/passkey/list-user-passkeys")).json()) as {
        id: string;
      }[];
      expect((await post(home, baseURL!, "/passkey/delete-passkey", { id: passkey!.id })).status()).toBe(200);
      // A change asked for in the second the password was set counts as asked before it (the email
      // change guard compares the link's whole-second issue time): ask from the next second on.
      const signedUpInSecond = Math.floor(signedUpAt / 1000);
      await expect.poll(() => Math.floor(Date.now() / 1000)).toBeGreaterThan(signedUpInSecond);
      const asked = await post(home, baseURL!, "/change-email", { newEmail, callbackURL: "/account" });
      expect(asked.status(), await asked.text()).toBe(200);
      const [changeMail] = await mailsTo(newEmail, 1);
      const confirmed = await home.request.get(linkIn(changeMail!));
      expect(new URL(confirmed.url()).searchParams.get("error"), confirmed.url()).toBeNull();
      expect(
        (
          await post(home, baseURL!, "/request-password-reset", {
            email: newEmail,
            redirectTo: "/reset-password",
          })
        ).status(),
      ).toBe(200);
      const resetMail = (await mailsTo(newEmail, 2)).find(
        ({ subject }) => subject === "Reset your Todo password",
      );
      const token = /reset-password\/([^?/]+)/.exec(linkIn(resetMail!))![1];
      const password = `${user.password}-new`;
      expect((await post(home, baseURL!, "/reset-password", { token, newPassword: password })).status()).toBe(
        200,
      );
      // The reset ended every session: the same browser signs in again, from a known device.
      await signInThroughApi(home.request, baseURL!, { ...user, email: newEmail, password });

      const page = await home.newPage();
      await new AccountPage(page).goto();
      await expect(page.getByTestId("security-event")).toHaveText([
        /^Signed in with password/,
        /^Password reset with a mailed link/,
        /^Email changed/,
        /^Passkey removed/,
        /^Passkey added/,
        /^Account created/,
      ]);
    } finally {
      await home.close();
    }
  });

  test("backup codes running low are mailed once, when three are left", async ({ browser, baseURL }) => {
    const user = newCredentials("codes");
    const home = await newDevice(browser, baseURL!);
    try {
      await signUpThroughApi(home.request, baseURL!, user);
      const { backupCodes } = await enableTwoFactorThroughApi(home.request, baseURL!, user);
      for (const code of backupCodes.slice(0, 7)) {
        const used = await post(home, baseURL!, "/two-factor/verify-backup-code", { code });
        expect(used.status(), await used.text()).toBe(200);
      }
      const mails = await mailsTo(user.email, 2);
      const low = mails.find(({ subject }) => subject === "Your Todo backup codes are running low");
      expect(low?.text).toContain("; 3 are left.");
      for (const code of backupCodes) expect(low?.text, "no code in the mail").not.toContain(code);

      const page = await home.newPage();
      await new AccountPage(page).goto();
      await expect(page.getByTestId("backup-codes-left")).toHaveText("Backup codes left: 3 of 10.");
      await expect(page.getByTestId("security-event").filter({ hasText: /^Backup code used/ })).toHaveCount(
        7,
      );
    } finally {
      await home.close();
    }
  });

  test("the Account page lists its own account's events, newest first, its backup codes and trusted devices", async ({
    browser,
    baseURL,
  }) => {
    const user = newCredentials("watched");
    const stranger = newCredentials("stranger");
    const home = await newDevice(browser, baseURL!);
    const away = await newDevice(browser, baseURL!, FIREFOX_ON_WINDOWS);
    const elsewhere = await newDevice(browser, baseURL!);
    try {
      await signUpThroughApi(home.request, baseURL!, user);
      await signUpThroughApi(elsewhere.request, baseURL!, stranger);
      const wrong = await post(away, baseURL!, "/sign-in/email", {
        email: user.email,
        password: "not-it-1234",
      });
      expect(wrong.status()).toBe(401);
      const password = `${user.password}-2`;
      const changed = await post(home, baseURL!, "/change-password", {
        currentPassword: user.password,
        newPassword: password,
      });
      expect(changed.status()).toBe(200);
      const { backupCodes } = await enableTwoFactorThroughApi(home.request, baseURL!, { password });
      // The second step from the other browser, with a backup code, trusting that browser.
      const first = await post(away, baseURL!, "/sign-in/email", { email: user.email, password });
      expect(await first.json()).toMatchObject({ twoFactorRedirect: true });
      const mistyped = await post(away, baseURL!, "/two-factor/verify-backup-code", { code: "not-a-code" });
      expect(mistyped.status()).toBe(401);
      const second = await post(away, baseURL!, "/two-factor/verify-backup-code", {
        code: backupCodes[0],
        trustDevice: true,
      });
      expect(second.status(), await second.text()).toBe(200);

      const page = await away.newPage();
      const account = new AccountPage(page);
      await account.goto();
      const events = page.getByTestId("security-event");
      await expect(events).toHaveText([
        /^Backup code used/,
        /^Signed in with password and backup code.*Firefox on Windows · network 127\.0\.0\.0\/24$/,
        /^Failed sign-in with password and backup code.*Firefox on Windows/,
        /^Two-factor sign-in turned on.*Chrome on Linux/,
        /^Password changed/,
        /^Failed sign-in with password.*Firefox on Windows/,
        /^Account created/,
      ]);
      await expect(page.getByTestId("backup-codes-left")).toHaveText("Backup codes left: 9 of 10.");
      const trusted = page.getByTestId("trusted-device");
      await expect(trusted).toHaveCount(1);
      await expect(trusted).toContainText("Firefox on Windows · network 127.0.0.0/24");
      await expect(page.getByText(backupCodes[1]!)).toHaveCount(0);
      // The section with every part shown (events, codes left, a trusted device) has no axe finding.
      expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

      await trusted.getByRole("button", { name: "Forget this device" }).click();
      await expect(page.getByRole("status").filter({ hasText: "will ask for a code" })).toBeVisible();
      await expect(trusted).toHaveCount(0);
      await expect(events.first()).toHaveText(/^A trusted device was forgotten/);
      // Forgotten: the same browser is asked for the second step again.
      const again = await post(away, baseURL!, "/sign-in/email", { email: user.email, password });
      expect(await again.json()).toMatchObject({ twoFactorRedirect: true });

      // Another account's page shows only its own sign-up.
      const strangerPage = await elsewhere.newPage();
      await new AccountPage(strangerPage).goto();
      await expect(strangerPage.getByTestId("security-event")).toHaveText([/^Account created/]);
      await expect(strangerPage.getByTestId("trusted-device")).toHaveCount(0);
      // Nor can it forget this account's trusted devices: none is its own.
      const trespass = await post(elsewhere, baseURL!, "/trusted-devices/forget", { id: "any" });
      expect(trespass.status()).toBe(404);
    } finally {
      await Promise.all([home, away, elsewhere].map((context) => context.close()));
    }
  });
});
