import pg from "pg";
import { expect, test } from "./fixtures";
import { fetchFromPage, seedTodos } from "./support/accounts";

/**
 * Deleting an account is all or nothing as the user sees it: the password is checked before anything
 * is erased, and a session older than a day (Better Auth's fresh-session rule) no longer makes the
 * deletion fail halfway, after the todos were gone.
 */
test.describe("Account deletion", () => {
  test("Better Auth's own deletion is closed to browsers: a stolen fresh session deletes nothing", async ({
    page,
    baseURL,
    todosPage,
    signedInUser: _signedIn,
  }) => {
    await todosPage.goto();
    await seedTodos(page, [{ title: "Kept" }]);
    for (const path of ["/api/auth/delete-user", "/api/auth/delete-user/callback"]) {
      const answer = await page.request.post(`${baseURL}${path}`, {
        data: {},
        headers: { Origin: baseURL! },
      });
      expect(answer.status(), path).toBe(404);
    }
    expect((await fetchFromPage(page, "/api/me")).status).toBe(200);
    await todosPage.goto();
    await todosPage.expectTitles(["Kept"]);
  });

  test("a wrong password deletes nothing and says so", async ({
    page,
    todosPage,
    accountPage,
    signedInUser,
  }) => {
    await todosPage.goto();
    await seedTodos(page, [{ title: "Still here" }]);
    await accountPage.goto();
    await accountPage.deleteAccount(`${signedInUser.password}-wrong`);
    await expect(
      page.getByRole("alert").filter({ hasText: "That password is not right. Nothing was deleted." }),
    ).toBeVisible();
    await todosPage.goto();
    await todosPage.expectTitles(["Still here"]);
  });

  test("a session older than a day deletes the account and its todos with the password", async ({
    page,
    run,
    todosPage,
    accountPage,
    signedInUser,
  }) => {
    await todosPage.goto();
    await seedTodos(page, [{ title: "Soon erased" }]);
    const db = new pg.Client({ connectionString: run.databaseUrl });
    await db.connect();
    try {
      await db.query(
        `UPDATE "session" SET "createdAt" = now() - interval '2 days'
         WHERE "userId" = (SELECT id FROM "user" WHERE email = $1)`,
        [signedInUser.email],
      );
      await accountPage.goto();
      await accountPage.deleteAccount(signedInUser.password);
      await expect(page).toHaveURL(/\/sign-up\?deleted=1$/);
      const { rows } = await db.query(`SELECT 1 FROM "user" WHERE email = $1`, [signedInUser.email]);
      expect(rows, "the Better Auth user is gone").toEqual([]);
      const todos = await db.query(
        `SELECT count(*)::int AS n FROM todo_api.todos t JOIN todo_api.users u ON u.id = t.owner_id
         WHERE u.email = $1`,
        [signedInUser.email],
      );
      expect(todos.rows[0].n, "the API's todos are gone").toBe(0);
    } finally {
      await db.end();
    }
  });
});
