import pg from "pg";
import { expect, test } from "./fixtures";
import { fetchFromPage, signInThroughApi } from "./support/accounts";

/**
 * An account's name and email become claims of its API tokens, which the token contract bounds (name
 * 255, email 320 characters): longer ones are refused where accounts are made or changed, and an older
 * account that has one is told so in words instead of being signed out as if the secrets disagreed.
 */
test.describe("Account details within the token contract's limits", () => {
  test("sign-up refuses a name or email longer than the contract allows, in the form and on the server", async ({
    request,
    baseURL,
    credentials,
    signUpPage,
  }) => {
    const tooLongEmail = `${"e".repeat(309)}@example.com`;
    for (const [change, message] of [
      [{ name: "n".repeat(256) }, "Use at most 255 characters for your name."],
      [{ email: tooLongEmail }, "Use an email address of at most 320 characters."],
    ] as const) {
      const answer = await request.post(`${baseURL}/api/auth/sign-up/email`, {
        headers: { origin: baseURL! },
        data: { ...credentials, ...change },
      });
      expect(answer.status()).toBe(400);
      expect((await answer.json()).message).toBe(message);
    }
    const signIn = await request.post(`${baseURL}/api/auth/sign-in/email`, {
      headers: { origin: baseURL! },
      data: { email: credentials.email, password: credentials.password },
    });
    expect(signIn.status(), "no account was created").toBe(401);

    await signUpPage.goto();
    await signUpPage.fill({ ...credentials, name: "n".repeat(256) });
    await signUpPage.submitButton.click();
    await expect(signUpPage.field("Name")).toHaveAccessibleDescription(
      /Use at most 255 characters for your name\./,
    );
  });

  test("update-user refuses a name longer than the contract allows", async ({ page, signedInUser }) => {
    await page.goto("/todos");
    const rename = await fetchFromPage(page, "/api/auth/update-user", {
      method: "POST",
      body: { name: "n".repeat(256) },
    });
    expect(rename.status).toBe(400);
    expect(rename.body).toMatchObject({ code: "NAME_TOO_LONG" });
    expect((await fetchFromPage(page, "/api/me")).body).toMatchObject({ name: signedInUser.name });
  });

  test("an older account whose name the API refuses is told so in words and stays signed in", async ({
    context,
    page,
    baseURL,
    run,
    registeredUser,
  }) => {
    const db = new pg.Client({ connectionString: run.databaseUrl });
    await db.connect();
    await db.query(`UPDATE "user" SET name = repeat('n', 300) WHERE email = $1`, [registeredUser.email]);
    await db.end();
    await signInThroughApi(context.request, baseURL!, registeredUser);
    await page.goto("/account");

    const todos = await fetchFromPage(page, "/api/todos");
    expect(todos.status).toBe(422);
    expect(todos.body).toMatchObject({
      code: "account_details_invalid",
      detail: expect.stringMatching(/Shorten it on the account page/),
    });
    expect((await fetchFromPage(page, "/api/auth/get-session")).status, "the session was not ended").toBe(
      200,
    );
  });
});
