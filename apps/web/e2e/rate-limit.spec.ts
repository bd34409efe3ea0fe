import { expect, test } from "./fixtures";
import { newCredentials } from "./support/accounts";
import { SignInPage } from "./support/pages";

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
    }

    // The countdown is live: the number falls, and the message goes when the wait is over.
    const secondsShown = async () => Number(/in (\d+) second/.exec((await wait.textContent()) ?? "")?.[1]);
    const first = await secondsShown();
    await expect.poll(secondsShown, { timeout: 3_000 }).toBeLessThan(first);
    await expect(wait).toHaveCount(0, { timeout: 12_000 });
  });
});
