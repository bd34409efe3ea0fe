import { createHmac } from "node:crypto";
import { expect, test } from "./fixtures";
import { SESSION_COOKIE } from "./support/accounts";
import { freePort, randomSecret, webEnvironment } from "./support/run";

/**
 * A web server whose database cannot be reached (nothing listens on its port). A session check then
 * fails, and the browser must get words, not a 500 or Next.js's bare "Application error".
 */

/** A session cookie as Better Auth signs it (HMAC-SHA256 in base64, then URI-encoded): it passes the
 * signature check, so the server has to ask its database about the session. */
function signedSessionCookie(sessionToken: string, secret: string): string {
  const signature = createHmac("sha256", secret).update(sessionToken).digest("base64");
  return encodeURIComponent(`${sessionToken}.${signature}`);
}

test.describe("Database unreachable", () => {
  test("the BFF answers 503 in words, and a page says what happened and offers to try again", async ({
    browser,
    run,
    servers,
  }) => {
    test.setTimeout(60_000); // starting a web server of its own takes a few seconds
    const secret = randomSecret();
    const [port, deadPort] = await Promise.all([freePort(), freePort()]);
    const origin = `http://127.0.0.1:${port}`;
    await servers.web(
      {
        ...webEnvironment({ origin, apiUrl: run.apiUrl, jwtSecret: run.jwtSecret, issuer: run.webUrl }),
        DATABASE_URL: `postgresql://postgres@127.0.0.1:${deadPort}/todo`,
        BETTER_AUTH_SECRET: secret,
      },
      // Up, and its deep check (/api/health) saying the product does not work.
      (response) => response.status === 503,
    );
    // Still ready to be routed to: the database is shared, so failing readiness would pull every replica.
    expect((await fetch(`${origin}/api/ready`)).status).toBe(200);

    const cookie = signedSessionCookie("a-session-the-database-would-know", secret);
    const answer = await fetch(`${origin}/api/todos`, {
      headers: { cookie: `${SESSION_COOKIE}=${cookie}`, "x-csrf": "1" },
    });
    expect(answer.status).toBe(503);
    expect(answer.headers.get("content-type")).toBe("application/problem+json");
    expect(await answer.json()).toMatchObject({
      status: 503,
      code: "auth_unavailable",
      detail: expect.stringMatching(/Try again/),
    });

    // Signing out a device answers 503 in words too.
    const signOut = await fetch(`${origin}/api/sessions/some-session-id`, {
      method: "DELETE",
      headers: { cookie: `${SESSION_COOKIE}=${cookie}`, "x-csrf": "1", origin },
    });
    expect(signOut.status).toBe(503);
    expect(signOut.headers.get("content-type")).toBe("application/problem+json");
    expect(await signOut.json()).toMatchObject({ status: 503, code: "auth_unavailable" });

    const context = await browser.newContext();
    await context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: origin }]);
    const page = await context.newPage();
    await page.goto(`${origin}/todos`);
    await expect(page.getByRole("heading", { name: "Something went wrong on our side" })).toBeVisible();
    await expect(page.getByRole("alert").filter({ hasText: "Nothing you saved is lost" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Try again" })).toBeEnabled();
    await expect(page.getByText(/Application error/)).toHaveCount(0);
    await context.close();
  });
});
