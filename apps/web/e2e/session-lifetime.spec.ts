import type { Page } from "@playwright/test";
import pg from "pg";
import { expect, test } from "./fixtures";
import { fetchFromPage, SESSION_COOKIE } from "./support/accounts";

/**
 * Sessions last 7 days and are renewed when used a day or more after their last renewal
 * (lib/server/auth.ts), but never beyond 30 days after the sign-in (lib/server/session-lifetime.ts).
 * Waiting days is not an option: the test ages the session in the database.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

test.describe("Session lifetime", () => {
  let db: pg.Client;

  test.beforeAll(async ({ run }) => {
    db = new pg.Client({ connectionString: run.databaseUrl });
    await db.connect();
  });

  test.afterAll(async () => {
    await db.end();
  });

  async function ageSession(email: string, setExpiry: string, setCreation = `"createdAt"`): Promise<string> {
    const { rows } = await db.query<{ id: string }>(
      `UPDATE "session" SET "expiresAt" = ${setExpiry}, "updatedAt" = now() - interval '25 hours',
              "createdAt" = ${setCreation}
       WHERE "userId" = (SELECT id FROM "user" WHERE email = $1) RETURNING id`,
      [email],
    );
    expect(rows).toHaveLength(1);
    return rows[0]!.id;
  }

  /**
   * The session of `email` as if signed in `ago` and last renewed 25 hours ago (6 days left), after the
   * page's next BFF call, which renews it.
   */
  async function renewedAfterSignIn(page: Page, email: string, ago: string) {
    const sessionId = await ageSession(email, `now() + interval '6 days'`, `now() - interval '${ago}'`);
    expect((await fetchFromPage(page, "/api/todos")).status).toBe(200);
    const { rows } = await db.query<{ expiresAt: Date; createdAt: Date }>(
      `SELECT "expiresAt", "createdAt" FROM "session" WHERE id = $1`,
      [sessionId],
    );
    return rows[0]!;
  }

  test("a session used more than a day after its last renewal lasts another 7 days, in the database and the browser", async ({
    page,
    context,
    todosPage,
    signedInUser,
  }) => {
    await todosPage.goto();
    // As if signed in 25 hours ago: 6 days and 23 hours left.
    const sessionId = await ageSession(signedInUser.email, `now() + interval '7 days' - interval '25 hours'`);

    await page.reload();
    await todosPage.expectLoaded();
    expect((await fetchFromPage(page, "/api/todos")).status).toBe(200);

    const { rows } = await db.query<{ expiresAt: Date }>(`SELECT "expiresAt" FROM "session" WHERE id = $1`, [
      sessionId,
    ]);
    expect(rows[0]!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 7 * DAY_MS - 5 * 60_000);
    const cookie = (await context.cookies()).find((candidate) => candidate.name === SESSION_COOKIE);
    expect(cookie, "the session cookie").toBeDefined();
    expect(cookie!.expires * 1000, "the cookie's expiry").toBeGreaterThan(
      Date.now() + 7 * DAY_MS - 5 * 60_000,
    );
  });

  test("an expired session is refused: the BFF answers 401 and the dashboard sends the user to sign in", async ({
    page,
    todosPage,
    signInPage,
    signedInUser,
  }) => {
    await todosPage.goto();
    await ageSession(signedInUser.email, `now() - interval '1 minute'`);

    const answer = await fetchFromPage(page, "/api/todos");
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ code: "unauthenticated" });
    await page.reload();
    await expect(page).toHaveURL(/\/sign-in\?next=%2Ftodos$/);
    await signInPage.expectShown();
  });

  test("a session in daily use is renewed no further than 30 days after its sign-in", async ({
    page,
    todosPage,
    signedInUser,
  }) => {
    await todosPage.goto();
    // Signed in 29 days and 23 hours ago, renewed every day since: the renewal stops at the 30th day.
    const { expiresAt, createdAt } = await renewedAfterSignIn(page, signedInUser.email, "29 days 23 hours");
    expect(expiresAt.getTime(), "the renewed expiry").toBe(createdAt.getTime() + 30 * DAY_MS);
  });

  test("a session renewed before the absolute limit existed ends at its next renewal past its 30th day", async ({
    page,
    todosPage,
    signedInUser,
  }) => {
    await todosPage.goto();
    // The request that renews it is served, its renewal sets the expiry in the past, and the next is refused.
    const { expiresAt } = await renewedAfterSignIn(page, signedInUser.email, "30 days 1 minute");
    expect(expiresAt.getTime()).toBeLessThan(Date.now());
    expect((await fetchFromPage(page, "/api/todos")).status).toBe(401);
  });
});
