import type { Page } from "@playwright/test";
import pg from "pg";
import { expect, test } from "./fixtures";
import { fetchFromPage, seedTodos } from "./support/accounts";
import { AccountPage, SESSION_ENDED_MESSAGE, SignInPage, TodosPage } from "./support/pages";
import { recordWhichTextsAppear, textsThatAppeared } from "./support/text-watch";

async function expectSentToSignInBecauseSessionEnded(page: Page): Promise<void> {
  await expect(page).toHaveURL(/\/sign-in\?next=%2Ftodos&reason=session-expired$/);
  await expect(page.getByRole("status").filter({ hasText: SESSION_ENDED_MESSAGE })).toBeVisible();
}

test.describe("Sessions: sign-out, revocation from another device, account deletion", () => {
  test("after sign-out, the back button shows nothing of the signed-out user", async ({
    page,
    todosPage,
    signInPage,
    signedInUser,
  }) => {
    await todosPage.goto();
    await seedTodos(page, [{ title: "Private: salary review" }]);
    await page.reload();
    await expect(todosPage.item("Private: salary review")).toBeVisible();
    // A second history entry, so that "back" after signing out returns to the dashboard.
    await todosPage.header.openAccount();
    await new AccountPage(page).header.signOut();

    // Neither the todo nor the name of the user who signed out may be shown, even for a moment.
    await recordWhichTextsAppear(page, ["Private: salary review", signedInUser.name]);
    await page.goBack();

    // Back at /todos, which sends a signed-out visitor to sign in and return there afterwards.
    await expect(page).toHaveURL(/\/sign-in\?next=%2Ftodos/);
    await signInPage.expectShown();
    expect(await textsThatAppeared(page), "shown after sign-out and Back").toEqual([]);
  });

  test("a session older than a day still lists the devices and signs one out (no 500, no fresh sign-in)", async ({
    page,
    run,
    todosPage,
    signedInUser,
    openDevice,
  }) => {
    await todosPage.goto();
    const phone = new AccountPage(await openDevice(signedInUser));
    const db = new pg.Client({ connectionString: run.databaseUrl });
    await db.connect();
    await db.query(
      `UPDATE "session" SET "createdAt" = now() - interval '2 days', "updatedAt" = now() - interval '2 hours'
       WHERE "userId" = (SELECT id FROM "user" WHERE email = $1)`,
      [signedInUser.email],
    );
    await db.end();
    await phone.goto();
    await phone.expectSessionCount(2);
    await phone.signOutTheOtherDevice();
    await phone.expectSessionCount(1);
    await page.goto("/todos");
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("a session signed out from another device ends at its next action", async ({
    page,
    todosPage,
    signInPage,
    signedInUser,
    openDevice,
  }) => {
    await todosPage.goto();
    await todosPage.add({ title: "Written on the laptop" });

    const phone = new AccountPage(await openDevice(signedInUser));
    await phone.goto();
    await phone.expectSessionCount(2);
    await phone.signOutTheOtherDevice();
    await phone.expectSessionCount(1);
    await expect(phone.sessions.getByTestId("current-session")).toBeVisible();

    await todosPage.tryToAdd({ title: "Written after the session ended" });
    await expectSentToSignInBecauseSessionEnded(page);

    // Signing in again returns to the dashboard, where nothing of the refused action was saved.
    await signInPage.signIn(signedInUser);
    await expect(page).toHaveURL(/\/todos$/);
    await todosPage.expectTitles(["Written on the laptop"]);
  });

  test("a session ended through another server of the app gets no data, not even from a read sent early", async ({
    page,
    request,
    todosPage,
    signedInUser: _signedIn,
    run,
  }) => {
    await todosPage.goto();
    await seedTodos(page, [{ title: "Private: read before the sign-out" }]);
    // This server now holds a token for the session and sends reads before the session check ends.
    expect((await fetchFromPage(page, "/api/todos")).status).toBe(200);

    // Signed out through the run's second web server, as through another replica: the session goes
    // from the shared database, and this server's token cache never hears of it.
    const cookie = (await page.context().cookies()).map(({ name, value }) => `${name}=${value}`).join("; ");
    const signOut = await request.post(`${run.rateLimitedWebUrl}/api/auth/sign-out`, {
      data: {},
      headers: { Origin: run.rateLimitedWebUrl, Cookie: cookie },
    });
    expect(signOut.status()).toBe(200);

    const answer = await fetchFromPage(page, "/api/todos");
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ code: "unauthenticated" });
    expect(JSON.stringify(answer.body)).not.toContain("Private");
  });

  test("“Sign out everywhere else” ends every other session but keeps this one", async ({
    page,
    todosPage,
    signedInUser,
    openDevice,
  }) => {
    await todosPage.goto();
    const tablet = await openDevice(signedInUser);
    await tablet.goto("/todos");
    const phone = new AccountPage(await openDevice(signedInUser));
    await phone.goto();
    await phone.expectSessionCount(3);

    await phone.signOutEverywhereElse();
    await phone.expectSessionCount(1);

    await todosPage.tryToAdd({ title: "Too late" });
    await expectSentToSignInBecauseSessionEnded(page);
    await tablet.reload();
    await new SignInPage(tablet).expectShown();

    // The device that did it is still signed in.
    const phoneTodos = new TodosPage(phone.page);
    await phoneTodos.goto();
    await phoneTodos.add({ title: "Still signed in here" });
  });

  test("deleting the account signs out every device and the password stops working", async ({
    page,
    todosPage,
    accountPage,
    signInPage,
    signedInUser,
    openDevice,
  }) => {
    await todosPage.goto();
    await seedTodos(page, [{ title: "Soon erased" }]);
    const otherDevice = new TodosPage(await openDevice(signedInUser));
    await otherDevice.goto();
    await expect(otherDevice.item("Soon erased")).toBeVisible();

    await accountPage.goto();
    await accountPage.deleteAccount(signedInUser.password);
    await expect(page).toHaveURL(/\/sign-up\?deleted=1$/);
    await expect(
      page.getByRole("status").filter({ hasText: "Your account has been deleted." }),
    ).toBeVisible();

    await otherDevice.tryToAdd({ title: "After deletion" });
    await expectSentToSignInBecauseSessionEnded(otherDevice.page);

    await signInPage.goto();
    await signInPage.signIn(signedInUser);
    await expect(
      page.getByRole("alert").filter({ hasText: "Email or password is incorrect." }),
    ).toBeVisible();
  });
});
