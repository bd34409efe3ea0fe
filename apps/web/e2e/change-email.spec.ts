import { expect, test } from "./fixtures";
import { fetchFromPage, newCredentials } from "./support/accounts";
import { linkIn, mailsTo, mailTo, receivedMails } from "./support/mail";
import { SignInPage } from "./support/pages";

// A new address is confirmed through the run's real SMTP server (todo_test_support.e2e_smtp).
test.describe("Change email", () => {
  test.beforeEach(async ({ signedInUser, accountPage }) => {
    await accountPage.goto();
  });

  test("the email changes only once the link mailed to the new address is followed, reaches the API, and the old address is told", async ({
    page,
    signedInUser,
    browser,
    baseURL,
  }) => {
    // A first call, so that a token with the old email is cached for this session.
    expect((await fetchFromPage(page, "/api/me")).body).toMatchObject({ email: signedInUser.email });
    const newEmail = newCredentials("changed").email;

    const form = page.getByRole("form", { name: "Change email" });
    await form.getByLabel("New email", { exact: true }).fill(newEmail);
    await form.getByRole("button", { name: "Change email" }).click();
    await expect(form.getByRole("status")).toHaveText(
      `We sent a link to ${newEmail}. Your email changes when you follow it; until then it stays ${signedInUser.email}.`,
    );

    const mail = await mailTo(newEmail);
    expect(mail.subject).toBe("Confirm your email address for Todo");
    // Nothing changed before the link is followed, and nothing went to the old address.
    await page.reload();
    await expect(page.getByTestId("account-email")).toHaveText(signedInUser.email);
    expect((await fetchFromPage(page, "/api/me")).body).toMatchObject({ email: signedInUser.email });
    expect((await receivedMails()).filter((received) => received.to === signedInUser.email)).toEqual([]);

    const link = linkIn(mail);
    await page.goto(link);
    await expect(page).toHaveURL(/\/account\?email-changed=1$/);
    await expect(page.getByRole("status").filter({ hasText: "Your email is now" })).toHaveText(
      `Your email is now ${newEmail}.`,
    );
    await expect(page.getByTestId("account-email")).toHaveText(newEmail);
    expect((await fetchFromPage(page, "/api/me")).body).toMatchObject({ email: newEmail });
    // Now that it took effect, the old address is told, once, in case the change was not the person's.
    const notice = await mailTo(signedInUser.email);
    expect(notice.subject).toBe("Your Todo email was changed");
    expect(notice.text).toContain(`was changed to ${newEmail}`);
    expect(notice.text).toContain("If this wasn't you");

    // The new address signs in; the old one no longer does.
    const device = await browser.newContext({ baseURL });
    const signIn = new SignInPage(await device.newPage());
    await signIn.goto();
    await signIn.signIn({ email: signedInUser.email, password: signedInUser.password });
    await expect(
      signIn.page.getByRole("alert").filter({ hasText: "Email or password is incorrect." }),
    ).toBeVisible();
    await signIn.signIn({ email: newEmail, password: signedInUser.password });
    await expect(signIn.page).toHaveURL(/\/todos$/);
    await device.close();

    // The link works once.
    await page.goto(link);
    await expect(page.getByRole("alert").filter({ hasText: "expired" })).toHaveText(
      "This link to change your email has expired or was already used. Ask for a new one below.",
    );
    await expect(page.getByTestId("account-email")).toHaveText(newEmail);
    // A used link changes nothing, so it tells the old address nothing either.
    await mailsTo(signedInUser.email, 1);
  });

  test("an address longer than the token contract allows is refused in the form and by the server", async ({
    page,
    signedInUser,
  }) => {
    // The contract's limit is 320 characters (packages/auth-contract).
    const tooLong = `${"e".repeat(310)}@example.test`;
    const form = page.getByRole("form", { name: "Change email" });
    const field = form.getByLabel("New email", { exact: true });
    await field.fill(tooLong);
    await form.getByRole("button", { name: "Change email" }).click();
    await expect(field).toHaveAccessibleDescription("Use an email address of at most 320 characters.");

    const change = await fetchFromPage(page, "/api/auth/change-email", {
      method: "POST",
      body: { newEmail: tooLong, callbackURL: "/account?email-changed=1" },
    });
    expect(change.status).toBe(400);
    expect(change.body).toMatchObject({ code: "EMAIL_TOO_LONG" });
    expect((await receivedMails()).filter((received) => received.to === tooLong)).toEqual([]);
    await expect(page.getByTestId("account-email")).toHaveText(signedInUser.email);
  });

  test("the current address is refused in the form", async ({ page, signedInUser }) => {
    const form = page.getByRole("form", { name: "Change email" });
    const field = form.getByLabel("New email", { exact: true });
    await field.fill(signedInUser.email);
    await form.getByRole("button", { name: "Change email" }).click();
    await expect(field).toHaveAccessibleDescription("This is already your email address.");
  });
});
