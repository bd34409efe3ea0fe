import { type TOTP, URI } from "otpauth";
import { expect, test } from "./fixtures";
import { authCallFrom, newCredentials, signUpThroughApi } from "./support/accounts";
import { mailsTo, mailTo } from "./support/mail";
import { SignInPage } from "./support/pages";
import { totpCode } from "./support/two-factor";

// Better Auth limits sign-in to 3 attempts per 10 s (lib/server/auth.ts). The shared web server runs
// with AUTH_RATE_LIMIT=off so that the other tests never meet it; this test uses the second server
// of the run, which has the limits on.
test.describe("Sign-in rate limiting", () => {
  test("a fourth sign-in attempt within 10 seconds is told to wait, whatever X-Forwarded-For says", async ({
    page,
    run,
  }) => {
    const signIn = new SignInPage(page);
    await page.goto(`${run.rateLimitedWebUrl}/sign-in`);
    await signIn.expectShown();
    const stranger = newCredentials("stranger");

    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const answer = page.waitForResponse((response) => response.url().endsWith("/api/auth/sign-in/email"));
      await signIn.signIn(stranger);
      statuses.push((await answer).status());
      await expect(signIn.submitButton).toBeEnabled();
    }

    expect(statuses).toEqual([401, 401, 401, 429]);
    const wait = page.getByRole("alert").filter({ hasText: "Too many attempts" });
    await expect(wait).toHaveText(/^Too many attempts\. Try again in \d+ seconds?\.$/);

    // Better Auth counts per client address, which server.mjs takes from the TCP connection: neither
    // a forged X-Forwarded-For nor a forged copy of its own header starts a new count.
    const forgedHeaders: Record<string, string>[] = [
      { "X-Forwarded-For": "203.0.113.7" },
      { "X-Todo-Client-Ip": "203.0.113.8" },
    ];
    for (const forgedHeader of forgedHeaders) {
      const forged = await page.request.post(`${run.rateLimitedWebUrl}/api/auth/sign-in/email`, {
        data: { email: stranger.email, password: stranger.password },
        headers: { Origin: run.rateLimitedWebUrl, ...forgedHeader },
      });
      expect(forged.status(), JSON.stringify(forgedHeader)).toBe(429);
      // HTTP's own header, for any client, beside Better Auth's.
      const seconds = Number(forged.headers()["retry-after"]);
      expect(seconds).toBeGreaterThanOrEqual(1);
      expect(seconds).toBe(Number(forged.headers()["x-retry-after"]));
    }

    // The countdown is live: the number falls, and the message goes when the wait is over.
    const secondsShown = async () => Number(/in (\d+) second/.exec((await wait.textContent()) ?? "")?.[1]);
    const first = await secondsShown();
    await expect.poll(secondsShown, { timeout: 3_000 }).toBeLessThan(first);
    await expect(wait).toHaveCount(0, { timeout: 12_000 });
  });

  test("a hundred wrong passwords from many addresses limit the account, in any letter case, and no other", async ({
    page,
    run,
  }) => {
    test.setTimeout(90_000);
    const base = run.rateLimitedWebUrl;
    const victim = newCredentials("victim");
    const bystander = newCredentials("bystander");
    expect((await authCallFrom("127.0.0.250", base, "/sign-up/email", victim)).status).toBe(200);
    expect((await authCallFrom("127.0.0.250", base, "/sign-up/email", bystander)).status).toBe(200);

    // Within every address's own limit (3 per 10 s): 34 addresses, the address in three letter cases.
    const spellings = [victim.email.toUpperCase(), victim.email, victim.email.replace(/^e/, "E")];
    const guesses = Array.from({ length: 100 }, (_, index) => ({
      from: `127.0.1.${10 + Math.floor(index / 3)}`,
      email: spellings[index % 3]!,
    }));
    for (let start = 0; start < guesses.length; start += 10) {
      const statuses = await Promise.all(
        guesses
          .slice(start, start + 10)
          .map(({ from, email }) =>
            authCallFrom(from, base, "/sign-in/email", { email, password: "wrong-guess" }),
          ),
      );
      expect(statuses.map(({ status }) => status)).toEqual(Array(statuses.length).fill(401));
    }

    // The right password from an address never used: the account waits, for the rest of the hour.
    const refused = await authCallFrom("127.0.2.1", base, "/sign-in/email", victim);
    expect(refused).toMatchObject({ status: 429, code: "ACCOUNT_SIGN_IN_LIMITED" });
    expect(Number(refused.headers["x-retry-after"])).toBeGreaterThan(55 * 60);
    expect(refused.headers["retry-after"]).toBe(refused.headers["x-retry-after"]);
    expect((await authCallFrom("127.0.2.2", base, "/sign-in/email", bystander)).status).toBe(200);

    // The person at the sign-in page is told why, and what still works.
    const signIn = new SignInPage(page);
    await page.goto(`${base}/sign-in`);
    await signIn.signIn(victim);
    await expect(page.getByRole("alert").filter({ hasText: "Too many" })).toHaveText(
      /^Too many wrong passwords for this account \(a passkey still signs you in\)\. Try again in (59|60) minutes\.$/,
    );
  });

  test("an address gets at most 3 links of each kind an hour, however many addresses ask, and the answer never changes", async ({
    run,
  }) => {
    const base = run.rateLimitedWebUrl;
    const victim = newCredentials("reset-flood");
    const bystander = newCredentials("reset-bystander");
    expect((await authCallFrom("127.0.0.252", base, "/sign-up/email", victim)).status).toBe(200);
    expect((await authCallFrom("127.0.0.252", base, "/sign-up/email", bystander)).status).toBe(200);

    const ask = (from: string, email: string) =>
      authCallFrom(from, base, "/request-password-reset", { email, redirectTo: "/reset-password" });
    for (const from of ["127.0.3.1", "127.0.3.2", "127.0.3.3", "127.0.3.4", "127.0.3.5"])
      expect(await ask(from, victim.email.toUpperCase())).toMatchObject({ status: 200 });

    // Confirmation links too, counted apart from reset links.
    for (const from of ["127.0.4.1", "127.0.4.2", "127.0.4.3", "127.0.4.4", "127.0.4.5"]) {
      const asked = await authCallFrom(from, base, "/send-verification-email", {
        email: victim.email,
        callbackURL: "/sign-in?reason=email-verified",
      });
      expect(asked).toMatchObject({ status: 200 });
    }

    // The bystander's link, asked for last, is sent after every one the victim's address was given.
    expect(await ask("127.0.3.6", bystander.email)).toMatchObject({ status: 200 });
    await mailTo(bystander.email);
    const subjects = (await mailsTo(victim.email, 6)).map(({ subject }) => subject);
    expect(subjects.filter((subject) => subject === "Reset your Todo password")).toHaveLength(3);
    expect(subjects.filter((subject) => subject === "Confirm your email address for Todo")).toHaveLength(3);
  });

  test("turning two-factor on counts nothing against the sign-in's code step: a right code 3 s after a mistake gets in", async ({
    browser,
    run,
  }) => {
    const base = run.rateLimitedWebUrl;
    const user = newCredentials("code-limits");
    const device = await browser.newContext({ baseURL: base });
    const post = (path: string, data: object) =>
      device.request.post(`/api/auth${path}`, { data, headers: { Origin: base } });
    await signUpThroughApi(device.request, base, user);
    const enabled = await post("/two-factor/enable", { password: user.password });
    const key = (URI.parse(((await enabled.json()) as { totpURI: string }).totpURI) as TOTP).secret.base32;
    const wrong = (code: string) => (code === "000000" ? "111111" : "000000");
    expect((await post("/two-factor/verify-totp", { code: wrong(totpCode(key)) })).status()).toBe(401);
    expect((await post("/two-factor/verify-totp", { code: totpCode(key) })).status()).toBe(200);
    expect((await post("/sign-out", {})).status()).toBe(200);

    expect(await (await post("/sign-in/email", user)).json()).toMatchObject({ twoFactorRedirect: true });
    expect((await post("/two-factor/verify-totp", { code: wrong(totpCode(key, 1)) })).status()).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // a person reading the app again
    expect((await post("/two-factor/verify-totp", { code: totpCode(key, 1) })).status()).toBe(200);
    await device.close();
  });
});
