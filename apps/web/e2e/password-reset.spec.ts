import { expect, test } from "./fixtures";
import { newCredentials } from "./support/accounts";
import { linkIn, mailTo, receivedMails } from "./support/mail";

const RESET_LINK_INVALID = "This reset link has expired or was already used. Ask for a new one below.";

// Account recovery through the real SMTP server of the run (dev_infra.e2e_smtp).
test.describe("Forgotten password", () => {
  test("a reset link from the mail sets a new password, ends every session and works only once", async ({
    page,
    registeredUser,
    signInPage,
    openDevice,
  }) => {
    const phone = await openDevice(registeredUser);
    await phone.goto("/todos");
    await expect(phone).toHaveURL(/\/todos$/);

    await signInPage.goto();
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
    await page.getByLabel("Email", { exact: true }).fill(registeredUser.email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await expect(page.getByRole("status")).toContainText(`If an account exists for ${registeredUser.email}`);

    const mail = await mailTo(registeredUser.email);
    expect(mail.subject).toBe("Reset your Todo password");
    const link = linkIn(mail);
    await page.goto(link);
    await expect(page).toHaveURL(/\/reset-password\?token=/);
    const newPassword = `${registeredUser.password}-new`;
    await page.getByLabel("New password", { exact: true }).fill(newPassword);
    await page.getByLabel("Repeat the new password", { exact: true }).fill(newPassword);
    await page.getByRole("button", { name: "Set new password" }).click();

    await expect(page).toHaveURL(/\/sign-in\?reason=password-reset$/);
    await expect(page.getByRole("status")).toHaveText(
      "Your password has been changed. Sign in with the new one.",
    );
    await signInPage.signIn({ email: registeredUser.email, password: registeredUser.password });
    await expect(
      page.getByRole("alert").filter({ hasText: "Email or password is incorrect." }),
    ).toBeVisible();
    await signInPage.signIn({ email: registeredUser.email, password: newPassword });
    await expect(page).toHaveURL(/\/todos$/);

    // The other device's session ended with the reset.
    await phone.goto("/todos");
    await expect(phone).toHaveURL(/\/sign-in/);

    // The link works once (tried on the phone, now signed out: a signed-in browser leaves the auth pages).
    await phone.goto(link);
    await expect(phone.getByRole("alert").filter({ hasText: "expired" })).toHaveText(RESET_LINK_INVALID);
    await expect(phone.getByRole("button", { name: "Set new password" })).toHaveCount(0);
  });

  test("the answer is the same for an address without an account, and no mail goes out", async ({
    page,
    registeredUser,
  }) => {
    const stranger = newCredentials("stranger");
    for (const email of [stranger.email, registeredUser.email]) {
      await page.goto("/forgot-password");
      await page.getByLabel("Email", { exact: true }).fill(email);
      await page.getByRole("button", { name: "Send reset link" }).click();
      await expect(page.getByRole("status")).toContainText(
        `If an account exists for ${email}, we have sent it a link to choose a new password.`,
      );
    }
    // The mail to the account's address arrived after the stranger's request was answered: none went to the stranger.
    await mailTo(registeredUser.email);
    expect((await receivedMails()).filter((mail) => mail.to === stranger.email)).toEqual([]);
  });

  test("a reset page without a valid token says so and offers a new link", async ({ page }) => {
    await page.goto("/reset-password?error=INVALID_TOKEN");
    await expect(page.getByRole("alert").filter({ hasText: "expired" })).toHaveText(RESET_LINK_INVALID);
    await page.getByRole("link", { name: "Ask for a new link" }).click();
    await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  });

  test("reset requests are rate limited per client address", async ({ page, run }) => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      const response = await page.request.post(`${run.rateLimitedWebUrl}/api/auth/request-password-reset`, {
        data: { email: newCredentials("limited").email, redirectTo: "/reset-password" },
        headers: { Origin: run.rateLimitedWebUrl },
      });
      statuses.push(response.status());
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});
