import type { Page } from "@playwright/test";
import { expect, testOnAccount as test } from "./fixtures";
import { fetchFromPage, newCredentials } from "./support/accounts";
import { linkIn, mailsTo, mailTo, receivedMails } from "./support/mail";
import { SignInPage } from "./support/pages";

/** Asks for a change of email on the account page, with the password it needs. */
async function askForChange(page: Page, newEmail: string, password: string): Promise<void> {
  const form = page.getByRole("form", { name: "Change email" });
  await form.getByLabel("New email", { exact: true }).fill(newEmail);
  await form.getByLabel("Current password", { exact: true }).fill(password);
  await form.getByRole("button", { name: "Change email" }).click();
}

// A new address is confirmed through the run's real SMTP server (dev_infra.e2e_smtp).
test.describe("Change email", () => {
  test("the email changes only once the link mailed to the new address is followed, reaches the API, and the old address is told", async ({
    page,
    signedInUser,
    browser,
    baseURL,
  }) => {
    // A first call, so that a token with the old email is cached for this session.
    expect((await fetchFromPage(page, "/api/me")).body).toMatchObject({ email: signedInUser.email });
    const newEmail = newCredentials("changed").email;

    await askForChange(page, newEmail, signedInUser.password);
    const form = page.getByRole("form", { name: "Change email" });
    await expect(form.getByRole("status")).toHaveText(
      `We sent a link to ${newEmail}. Your email changes when you follow it; until then it stays ${signedInUser.email}.`,
    );

    const mail = await mailTo(newEmail);
    expect(mail.subject).toBe("Confirm your email address for Todo");
    // Nothing changed before the link is followed; the old address heard of the request at once.
    await page.reload();
    await expect(page.getByTestId("account-email")).toHaveText(signedInUser.email);
    expect((await fetchFromPage(page, "/api/me")).body).toMatchObject({ email: signedInUser.email });
    const requested = await mailTo(signedInUser.email);
    expect(requested.subject).toBe("A change of your Todo email was asked for");
    expect(requested.text).toContain(`to change its email to ${newEmail}`);

    const link = linkIn(mail);
    await page.goto(link);
    await expect(page).toHaveURL(/\/account\?email-changed=1$/);
    await expect(page.getByRole("status").filter({ hasText: "Your email is now" })).toHaveText(
      `Your email is now ${newEmail}.`,
    );
    await expect(page.getByTestId("account-email")).toHaveText(newEmail);
    expect((await fetchFromPage(page, "/api/me")).body).toMatchObject({ email: newEmail });
    // Now that it took effect, the old address is told, once, in case the change was not the person's.
    const [, notice] = await mailsTo(signedInUser.email, 2);
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
    await mailsTo(signedInUser.email, 2);
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

    await fetchFromPage(page, "/api/auth/confirm-password", {
      method: "POST",
      body: { password: signedInUser.password },
    });
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

  test("a borrowed session cannot ask for a change without the password, and a wrong one asks nothing", async ({
    page,
    signedInUser,
  }) => {
    const newEmail = newCredentials("thief").email;
    const asked = await fetchFromPage(page, "/api/auth/change-email", {
      method: "POST",
      body: { newEmail, callbackURL: "/account?email-changed=1" },
    });
    expect(asked.status).toBe(403);
    expect(asked.body).toMatchObject({ code: "PASSWORD_CONFIRMATION_REQUIRED" });

    await askForChange(page, newEmail, `${signedInUser.password}-wrong`);
    await expect(page.getByRole("form", { name: "Change email" }).getByRole("alert")).toHaveText(
      "Your current password is not right.",
    );
    expect((await receivedMails()).filter((received) => received.to === newEmail)).toEqual([]);
  });

  test("a new password cancels a pending change: its link no longer moves the account", async ({
    page,
    request,
    baseURL,
    signedInUser,
  }) => {
    const newEmail = newCredentials("pending").email;
    await askForChange(page, newEmail, signedInUser.password);
    const changeLink = linkIn(await mailTo(newEmail));

    // The owner, told at once, resets the password by mail.
    await mailTo(signedInUser.email);
    const askedReset = await request.post(`${baseURL}/api/auth/request-password-reset`, {
      data: { email: signedInUser.email, redirectTo: "/reset-password" },
      headers: { Origin: baseURL! },
    });
    expect(askedReset.status()).toBe(200);
    const [, resetMail] = await mailsTo(signedInUser.email, 2);
    const resetToken = /reset-password\/([^?/]+)/.exec(linkIn(resetMail))![1];
    const newPassword = `${signedInUser.password}-new`;
    const reset = await request.post(`${baseURL}/api/auth/reset-password`, {
      data: { token: resetToken, newPassword },
      headers: { Origin: baseURL! },
    });
    expect(reset.status()).toBe(200);

    // Followed signed out, as whoever asked for it would: the account keeps its address.
    await page.goto(changeLink);
    const stranger = new SignInPage(page);
    await stranger.goto();
    await stranger.signIn({ email: newEmail, password: newPassword });
    await expect(
      page.getByRole("alert").filter({ hasText: "Email or password is incorrect." }),
    ).toBeVisible();
    await stranger.signIn({ email: signedInUser.email, password: newPassword });
    await expect(page).toHaveURL(/\/todos$/);
  });
});
