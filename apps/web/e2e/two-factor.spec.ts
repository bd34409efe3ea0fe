import { readFile } from "node:fs/promises";

import type { APIRequestContext, BrowserContext, Locator, Page } from "@playwright/test";
import pg from "pg";

import { expect, test } from "./fixtures";
import {
  authCallFrom,
  type Credentials,
  fetchFromPage,
  newCredentials,
  SESSION_COOKIE,
  signUpThroughApi,
} from "./support/accounts";
import { linkIn, mailsTo } from "./support/mail";
import { AppHeader, SignInPage } from "./support/pages";
import { confirmIdentityThroughApi, enableTwoFactorThroughApi, totpCode } from "./support/two-factor";

/** Better Auth's cookie of a sign-in waiting for its second factor (10 minutes, lib/server/auth.ts). */
const TWO_FACTOR_COOKIE = "better-auth.two_factor";

const codeStep = (page: Page) => page.getByRole("form", { name: "Two-factor code" });

/** Signs in with the password and checks that the code step came, with no session yet. */
async function signInUpToTheCode(page: Page, user: Credentials): Promise<void> {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(user);
  await expect(codeStep(page)).toBeVisible();
  const cookies = (await page.context().cookies()).map((cookie) => cookie.name);
  expect(cookies).not.toContain(SESSION_COOKIE);
  expect(cookies).toContain(TWO_FACTOR_COOKIE);
  // The BFF sees no session: the password alone opened nothing.
  expect((await fetchFromPage(page, "/api/todos")).status).toBe(401);
}

async function enterCode(page: Page, code: string, { trustDevice = false } = {}): Promise<void> {
  const step = codeStep(page);
  await step.getByRole("textbox").fill(code);
  if (trustDevice) await step.getByLabel(/Trust this device for 30 days/).check();
  await step.getByRole("button", { name: "Verify" }).click();
}

/**
 * Answers a password prompt of the account page: a wrong password first (refused in words), then the
 * right one, with a code from the app or a backup code where the prompt asks for one.
 */
async function answerPasswordPrompt(
  section: Locator,
  submit: string,
  password: string,
  secondFactorCode?: string,
): Promise<void> {
  const field = section.getByLabel("Your password", { exact: true });
  if (secondFactorCode) await section.getByLabel("Code from your authenticator app").fill(secondFactorCode);
  await field.fill("not-the-password");
  await section.getByRole("button", { name: submit }).click();
  await expect(section.getByRole("alert")).toHaveText("Your current password is not right.");
  await field.fill(password);
  await section.getByRole("button", { name: submit }).click();
}

/** The backup codes the account page shows, once it shows all ten. */
async function shownBackupCodes(section: Locator): Promise<string[]> {
  const codes = section.getByRole("list", { name: "Backup codes" }).getByRole("listitem");
  await expect(codes).toHaveCount(10);
  return codes.allTextContents();
}

async function amrOf(page: Page): Promise<unknown> {
  const me = await fetchFromPage(page, "/api/me");
  expect(me.status).toBe(200);
  return (me.body as { amr: unknown }).amr;
}

/** A new user with two-factor on, set up through the shared server (`request` keeps its cookies). */
async function withTwoFactorThroughApi(request: APIRequestContext, baseURL: string, user: Credentials) {
  await signUpThroughApi(request, baseURL, user);
  const { key } = await enableTwoFactorThroughApi(request, baseURL, user);
  return { user, key };
}

/** A password sign-in from `address` up to its code step, and the step's code check. */
async function codeStepFrom(address: string, base: string, user: Credentials) {
  const signedIn = await authCallFrom(address, base, "/sign-in/email", user);
  expect(signedIn.status).toBe(200);
  const setCookies = [signedIn.headers["set-cookie"] ?? []].flat();
  const cookie = setCookies.map((line) => line.split(";")[0]).join("; ");
  expect(cookie).toContain(TWO_FACTOR_COOKIE);
  return {
    verify: (code: string) => authCallFrom(address, base, "/two-factor/verify-totp", { code }, cookie),
  };
}

/** A user with two-factor on (through the API, from its own cookie jar), signed out in the browser. */
async function withTwoFactor(context: BrowserContext, baseURL: string, user: Credentials) {
  const keys = await enableTwoFactorThroughApi(context.request, baseURL, user);
  await context.clearCookies();
  return keys;
}

test.describe("Two-factor sign-in", () => {
  test("turned on from the account page with a QR code, then asked for after the password", async ({
    page,
    signedInUser,
  }) => {
    await page.goto("/account");
    const methods = page.getByTestId("sign-in-methods");
    await expect(methods).toContainText("PasswordSet");
    await expect(methods).toContainText("Two-factor code (authenticator app)Off");
    const section = page.getByTestId("two-factor");

    await section.getByRole("button", { name: "Turn on two-factor" }).click();
    await answerPasswordPrompt(section, "Continue", signedInUser.password);

    // The QR code is an SVG data: URL, which the page's Content-Security-Policy lets it show.
    const qrCode = section.getByRole("img", { name: "QR code for your authenticator app" });
    await expect(qrCode).toBeVisible();
    await expect
      .poll(() => qrCode.evaluate((image: HTMLImageElement) => image.naturalWidth))
      .toBeGreaterThan(0);
    const key = (await section.getByTestId("totp-secret").textContent())!;

    const codeField = section.getByLabel("Code from the app");
    await codeField.fill(totpCode(key) === "000000" ? "111111" : "000000");
    await section.getByRole("button", { name: "Turn on" }).click();
    await expect(section.getByRole("alert")).toHaveText(/^That code is not right\./);
    await codeField.fill(totpCode(key));
    await section.getByRole("button", { name: "Turn on" }).click();

    const backupCodes = await shownBackupCodes(section);
    const download = page.waitForEvent("download");
    await section.getByRole("button", { name: "Download as text" }).click();
    const saved = await download;
    expect(saved.suggestedFilename()).toBe("todo-backup-codes.txt");
    const text = await readFile((await saved.path())!, "utf8");
    for (const code of backupCodes) expect(text).toContain(code);
    await section.getByRole("button", { name: "I have saved them" }).click();
    await expect(methods).toContainText("Two-factor code (authenticator app)On");

    await new AppHeader(page).signOut();
    await signInUpToTheCode(page, signedInUser);
    await enterCode(page, totpCode(key) === "000000" ? "111111" : "000000");
    await expect(codeStep(page).getByRole("alert")).toHaveText(/^That code is not right\./);
    await expect(page).toHaveURL(/\/sign-in/);
    await enterCode(page, totpCode(key, 1));
    await expect(page).toHaveURL(/\/todos$/);
    expect(await amrOf(page)).toEqual(["pwd", "otp"]);

    // Turning it off asks for the password and a second factor (here a backup code); then the
    // password alone signs in.
    await page.goto("/account");
    await section.getByRole("button", { name: "Turn off two-factor" }).click();
    await section.getByLabel("Your password", { exact: true }).fill(signedInUser.password);
    await section.getByRole("button", { name: "Turn off two-factor" }).click();
    await expect(section.getByRole("alert")).toHaveText(
      "Enter the code your authenticator app shows, or a backup code.",
    );
    await answerPasswordPrompt(section, "Turn off two-factor", signedInUser.password, backupCodes[0]);
    await expect(section.getByRole("status")).toHaveText(/^Two-factor sign-in is off\./);
    await expect(methods).toContainText("Two-factor code (authenticator app)Off");
    // The session that turned it off still says how it was started.
    expect(await amrOf(page)).toEqual(["pwd", "otp"]);
    await new AppHeader(page).signOut();
    await new SignInPage(page).signIn(signedInUser);
    await expect(page).toHaveURL(/\/todos$/);
    expect(await amrOf(page)).toEqual(["pwd"]);
  });

  test("a backup code signs in once; new backup codes replace the old ones", async ({
    page,
    context,
    baseURL,
    signedInUser,
  }) => {
    const { key, backupCodes } = await withTwoFactor(context, baseURL!, signedInUser);
    const [first, second, third] = backupCodes;

    await signInUpToTheCode(page, signedInUser);
    await codeStep(page).getByRole("button", { name: "Use a backup code instead" }).click();
    await enterCode(page, first);
    await expect(page).toHaveURL(/\/todos$/);
    expect(await amrOf(page)).toEqual(["pwd", "otp"]);

    await context.clearCookies();
    await signInUpToTheCode(page, signedInUser);
    await codeStep(page).getByRole("button", { name: "Use a backup code instead" }).click();
    await enterCode(page, first);
    await expect(codeStep(page).getByRole("alert")).toHaveText(
      "That backup code is not right, or it was already used: each backup code works once.",
    );
    await enterCode(page, second);
    await expect(page).toHaveURL(/\/todos$/);

    await page.goto("/account");
    const section = page.getByTestId("two-factor");
    await section.getByRole("button", { name: "New backup codes" }).click();
    await section.getByLabel("Your password", { exact: true }).fill(signedInUser.password);
    await section.getByLabel("Code from your authenticator app").fill(totpCode(key, 1));
    await section.getByRole("button", { name: "Get new backup codes" }).click();
    const renewed = await shownBackupCodes(section);
    expect(renewed).not.toContain(third);

    await context.clearCookies();
    await signInUpToTheCode(page, signedInUser);
    await codeStep(page).getByRole("button", { name: "Use a backup code instead" }).click();
    await enterCode(page, third);
    await expect(codeStep(page).getByRole("alert")).toContainText("already used");
    await enterCode(page, renewed[0]);
    await expect(page).toHaveURL(/\/todos$/);
  });

  test("a trusted device skips the code for 30 days; another browser is still asked", async ({
    page,
    context,
    browser,
    baseURL,
    signedInUser,
  }) => {
    const { key } = await withTwoFactor(context, baseURL!, signedInUser);
    await signInUpToTheCode(page, signedInUser);
    await enterCode(page, totpCode(key, 1), { trustDevice: true });
    await expect(page).toHaveURL(/\/todos$/);
    const trusted = (await context.cookies()).find((cookie) => cookie.name === "better-auth.trust_device");
    expect(trusted?.httpOnly).toBe(true);
    expect(trusted!.expires - Date.now() / 1000).toBeGreaterThan(29 * 24 * 60 * 60);

    await new AppHeader(page).signOut();
    await new SignInPage(page).signIn(signedInUser);
    await expect(page).toHaveURL(/\/todos$/);
    // This sign-in proved the password only: the device's trust is not a code.
    expect(await amrOf(page)).toEqual(["pwd"]);

    const otherBrowser = await browser.newContext({ baseURL });
    try {
      await signInUpToTheCode(await otherBrowser.newPage(), signedInUser);
    } finally {
      await otherBrowser.close();
    }
  });

  test("a password reset takes back every device's trust: each is asked for the code again", async ({
    page,
    context,
    baseURL,
    signedInUser,
    run,
  }) => {
    const { key } = await withTwoFactor(context, baseURL!, signedInUser);
    // A confirmed address: the reset keeps its two-factor (an unconfirmed one's goes, account-recovery.spec.ts).
    const db = new pg.Client({ connectionString: run.databaseUrl });
    await db.connect();
    await db.query(`UPDATE "user" SET "emailVerified" = true WHERE email = $1`, [signedInUser.email]);
    await db.end();
    await signInUpToTheCode(page, signedInUser);
    await enterCode(page, totpCode(key, 1), { trustDevice: true });
    await expect(page).toHaveURL(/\/todos$/);
    await new AppHeader(page).signOut();
    // The trust holds: the password alone signs this browser in.
    await new SignInPage(page).signIn(signedInUser);
    await expect(page).toHaveURL(/\/todos$/);
    await new AppHeader(page).signOut();

    // The owner, who fears someone else trusted a device of theirs, resets the password by mail.
    const asked = await page.request.post("/api/auth/request-password-reset", {
      data: { email: signedInUser.email, redirectTo: "/reset-password" },
      headers: { Origin: baseURL! },
    });
    expect(asked.status()).toBe(200);
    const resetMail = (await mailsTo(signedInUser.email, 2)).find(
      ({ subject }) => subject === "Reset your Todo password",
    );
    const token = /reset-password\/([^?/]+)/.exec(linkIn(resetMail!))![1];
    const password = `${signedInUser.password}-reset`;
    const reset = await page.request.post("/api/auth/reset-password", {
      data: { token, newPassword: password },
      headers: { Origin: baseURL! },
    });
    expect(reset.status()).toBe(200);

    // The trusted cookie is still in this browser, and no longer skips the code.
    expect((await context.cookies()).map((cookie) => cookie.name)).toContain("better-auth.trust_device");
    await signInUpToTheCode(page, { ...signedInUser, password });
  });

  test("a code is accepted once: not at a second sign-in, and of six sign-ins sending it at once one gets in", async ({
    page,
    browser,
    context,
    baseURL,
    signedInUser,
  }) => {
    const { key } = await withTwoFactor(context, baseURL!, signedInUser);
    const code = totpCode(key, 1);
    await signInUpToTheCode(page, signedInUser);
    await enterCode(page, code);
    await expect(page).toHaveURL(/\/todos$/);

    // Someone who saw the code (over a shoulder, or through a phishing page) and knows the password.
    const replay = await browser.newPage({ baseURL });
    await signInUpToTheCode(replay, signedInUser);
    await enterCode(replay, code);
    await expect(codeStep(replay).getByRole("alert")).toHaveText(
      "This code was used already. Wait for the next one in your app.",
    );
    expect((await fetchFromPage(replay, "/api/todos")).status).toBe(401);

    // Another account: six second steps at once, each past the password, all sending one code.
    const other = newCredentials("concurrent-codes");
    const owner = await browser.newContext({ baseURL });
    await signUpThroughApi(owner.request, baseURL!, other);
    const next = totpCode((await enableTwoFactorThroughApi(owner.request, baseURL!, other)).key, 1);
    const devices = await Promise.all(Array.from({ length: 6 }, () => browser.newContext({ baseURL })));
    for (const device of devices) {
      const signedIn = await device.request.post("/api/auth/sign-in/email", {
        data: { email: other.email, password: other.password },
        headers: { Origin: baseURL! },
      });
      expect(await signedIn.json()).toMatchObject({ twoFactorRedirect: true });
    }
    const answers = await Promise.all(
      devices.map((device) =>
        device.request.post("/api/auth/two-factor/verify-totp", {
          data: { code: next },
          headers: { Origin: baseURL! },
        }),
      ),
    );
    expect(answers.map((answer) => answer.status()).sort()).toEqual([200, 401, 401, 401, 401, 401]);
    await Promise.all([...devices, owner].map((device) => device.close()));
    await replay.close();
  });

  test("a stolen cookie with the password cannot take the second factor away, keep codes or add a way in", async ({
    context,
    baseURL,
    signedInUser,
  }) => {
    // The owner's session, with two-factor on; its holder has phished the password as well.
    const { key } = await enableTwoFactorThroughApi(context.request, baseURL!, signedInUser);
    const thief = await context.request.storageState();
    const device = await context.browser()!.newContext({ baseURL, storageState: thief });
    const headers = { Origin: baseURL! };
    const changeEmail = () =>
      device.request.post("/api/auth/change-email", {
        data: { newEmail: newCredentials("thief").email, callbackURL: "/account" },
        headers,
      });
    const attempts = () => [
      changeEmail(),
      device.request.get("/api/auth/passkey/generate-register-options"),
      device.request.post("/api/auth/two-factor/generate-backup-codes", {
        data: { password: signedInUser.password },
        headers,
      }),
      device.request.post("/api/auth/two-factor/disable", {
        data: { password: signedInUser.password },
        headers,
      }),
    ];
    await confirmIdentityThroughApi(device.request, baseURL!, signedInUser.password);
    for (const refused of await Promise.all(attempts())) {
      expect(refused.status()).toBe(403);
      expect(await refused.json()).toMatchObject({ code: "SECOND_FACTOR_CONFIRMATION_REQUIRED" });
    }
    const wrong = totpCode(key, 1) === "000000" ? "111111" : "000000";
    const guessed = await device.request.post("/api/auth/two-factor/verify-totp", {
      data: { code: wrong },
      headers,
    });
    expect(guessed.status()).toBe(401);
    expect((await changeEmail()).status(), "a wrong code confirms nothing").toBe(403);

    // With a code from the owner's app the same session may (it is then the owner).
    await confirmIdentityThroughApi(device.request, baseURL!, signedInUser.password, totpCode(key, 1));
    const disabled = await device.request.post("/api/auth/two-factor/disable", {
      data: { password: signedInUser.password },
      headers,
    });
    expect(disabled.status(), await disabled.text()).toBe(200);
    await device.close();
  });

  test("an expired code step sends the person back to the password, with the reason", async ({
    page,
    context,
    baseURL,
    signedInUser,
  }) => {
    const { key } = await withTwoFactor(context, baseURL!, signedInUser);
    await signInUpToTheCode(page, signedInUser);
    // What the browser does when the 10-minute cookie runs out.
    await context.clearCookies({ name: TWO_FACTOR_COOKIE });
    await enterCode(page, totpCode(key));
    await expect(page.getByRole("alert").filter({ hasText: "This sign-in took too long" })).toHaveText(
      /^This sign-in took too long, so its second step has expired\. Enter your email and password again\.$/,
    );
    await expect(page.getByLabel("Password", { exact: true })).toBeVisible();
    expect((await fetchFromPage(page, "/api/todos")).status).toBe(401);
  });

  test("the code step leads back to the password, and offers none of the password step's other ways", async ({
    page,
    context,
    baseURL,
    signedInUser,
  }) => {
    const { key } = await withTwoFactor(context, baseURL!, signedInUser);
    await signInUpToTheCode(page, signedInUser);
    await expect(page.getByRole("link", { name: "Forgot your password?" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Create an account" })).toHaveCount(0);

    await codeStep(page).getByRole("button", { name: "Back to sign-in" }).click();
    await expect(codeStep(page)).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Forgot your password?" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Create an account" })).toBeVisible();
    await signInUpToTheCode(page, signedInUser);
    await enterCode(page, totpCode(key, 1));
    await expect(page).toHaveURL(/\/todos$/);
  });

  test("one wrong code at sign-in is not refused as too many: the right one a few seconds later gets in, codes of the same address just before or not", async ({
    request,
    baseURL,
    run,
  }) => {
    // A colleague behind the same address (the rate-limited server of the run, Better Auth's limits on)
    // has just been through their code step, with one mistake.
    const address = "127.0.5.1";
    const colleague = await withTwoFactorThroughApi(request, baseURL!, newCredentials("colleague"));
    const person = await withTwoFactorThroughApi(request, baseURL!, newCredentials("one-mistake"));
    const base = run.rateLimitedWebUrl;
    for (const { user, key } of [colleague, person]) {
      const step = await codeStepFrom(address, base, user);
      const code = totpCode(key, 1);
      expect((await step.verify(code === "000000" ? "111111" : "000000")).status).toBe(401);
      if (user === person.user) await new Promise((resolve) => setTimeout(resolve, 3_000)); // reading the app again
      expect((await step.verify(code)).status).toBe(200);
    }
  });

  test("codes are bounded per address across accounts, with the countdown of sign-in", async ({
    page,
    request,
    baseURL,
    run,
  }) => {
    // From the browser's address: 9 wrong codes of another account in two code steps (fewer than its
    // lockout's 10), then this person's third sign-in of the address: a 10th code, and no 11th.
    const base = run.rateLimitedWebUrl;
    const other = await withTwoFactorThroughApi(request, baseURL!, newCredentials("guessed"));
    const person = await withTwoFactorThroughApi(request, baseURL!, newCredentials("bounded"));
    const wrong = (key: string) => (totpCode(key) === "000000" ? "111111" : "000000");
    for (const guesses of [5, 4]) {
      const step = await codeStepFrom("127.0.0.1", base, other.user);
      for (let guess = 0; guess < guesses; guess += 1)
        expect((await step.verify(wrong(other.key))).status).toBe(401);
    }

    const signIn = new SignInPage(page);
    await page.goto(`${base}/sign-in`);
    await signIn.expectShown();
    await signIn.signIn(person.user);
    await expect(codeStep(page)).toBeVisible();
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      const answer = page.waitForResponse((response) =>
        response.url().endsWith("/api/auth/two-factor/verify-totp"),
      );
      await enterCode(page, wrong(person.key));
      statuses.push((await answer).status());
      await expect(codeStep(page).getByRole("button", { name: "Verify" })).toBeEnabled();
    }
    expect(statuses).toEqual([401, 429]);
    await expect(codeStep(page).getByRole("alert")).toHaveText(
      /^Too many attempts\. Try again in \d+ seconds?\.$/,
    );
  });
});
