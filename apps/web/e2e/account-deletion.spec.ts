import type { APIRequestContext, Page } from "@playwright/test";
import pg from "pg";
import { expect, test } from "./fixtures";
import { fetchFromPage, newCredentials, seedTodos, signUpThroughApi } from "./support/accounts";
import { linkIn, mailTo } from "./support/mail";

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

  for (const [choice, label] of [
    ["hand_over", /^Hand each to its next member/],
    ["delete", /^Delete them with all their todos/],
  ] as const)
    test(`the only owner of a list others are in is asked what becomes of it: ${choice}`, async ({
      page,
      request,
      baseURL,
      todosPage,
      accountPage,
      signedInUser,
    }) => {
      // `request` keeps its own cookies: an editor of the owner's list, signed in apart.
      const editor = newCredentials("editor");
      await signUpThroughApi(request, baseURL!, editor);
      await todosPage.goto();
      const list = await shareWith(page, request, baseURL!, "Holiday", editor.email);
      const todo = await fetchFromPage(page, "/api/todos", {
        method: "POST",
        body: { title: "Book the ferry", list_id: list },
      });
      expect(todo.status).toBe(201);

      await accountPage.goto();
      await page.getByRole("button", { name: "Delete account" }).click();
      const question = page.getByRole("group", { name: /You are the only owner of “Holiday”/ });
      await expect(question.getByRole("radio", { name: label })).toBeVisible();
      await expect(question.getByRole("radio", { checked: true })).toHaveAccessibleName(/^Hand each/);
      await question.getByRole("radio", { name: label }).check();
      await page.getByLabel("Your password", { exact: true }).fill(signedInUser.password);
      await page.getByRole("button", { name: "Permanently delete account" }).click();
      await expect(page).toHaveURL(/\/sign-up\?deleted=1$/);

      const lists = await request.get(`${baseURL}/api/lists`, { headers: { "X-CSRF": "1" } });
      const kept = ((await lists.json()) as { items: { id: string; role: string }[] }).items.find(
        (each) => each.id === list,
      );
      if (choice === "hand_over") {
        expect(kept?.role).toBe("owner");
        const todos = await request.get(`${baseURL}/api/todos?list_id=${list}`, {
          headers: { "X-CSRF": "1" },
        });
        expect(
          ((await todos.json()) as { items: { title: string }[] }).items.map((todo) => todo.title),
        ).toEqual(["Book the ferry"]);
      } else {
        expect(kept).toBeUndefined();
      }
    });
});

/** A list of the page's user, shared with `email` as an editor who accepts the mailed invitation through `request`. */
async function shareWith(
  page: Page,
  request: APIRequestContext,
  baseURL: string,
  name: string,
  email: string,
): Promise<string> {
  const created = await fetchFromPage(page, "/api/lists", { method: "POST", body: { name } });
  expect(created.status).toBe(201);
  const { id } = created.body as { id: string };
  const invited = await fetchFromPage(page, `/api/lists/${id}/invitations`, {
    method: "POST",
    body: { email, role: "editor" },
  });
  expect(invited.status).toBe(201);
  const token = new URL(linkIn(await mailTo(email))).searchParams.get("token");
  const accepted = await request.post(`${baseURL}/api/invitations/accept`, {
    data: { token },
    headers: { "X-CSRF": "1", Origin: baseURL },
  });
  expect(accepted.status(), await accepted.text()).toBe(200);
  return id;
}
