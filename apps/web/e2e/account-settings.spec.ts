import { expect, testOnAccount as test } from "./fixtures";
import { fetchFromPage } from "./support/accounts";
import { SignInPage } from "./support/pages";

// Changing one's name and password on the account page.
test.describe("Account settings", () => {
  test("a new name is shown at once and reaches the API with the next call", async ({ page }) => {
    // A first call, so that a token with the old name is cached for this session.
    expect((await fetchFromPage(page, "/api/me")).status).toBe(200);

    const form = page.getByRole("form", { name: "Your name" });
    await form.getByLabel("Name", { exact: true }).fill("  Ada Lovelace  ");
    await form.getByRole("button", { name: "Save name" }).click();
    await expect(form.getByRole("status")).toHaveText("Your name is now “Ada Lovelace”.");
    await expect(page.getByTestId("user-name")).toHaveText("Ada Lovelace");
    // Once in the page: in its field, ready to change, not also as text above it.
    await page.reload();
    await expect(form.getByLabel("Name", { exact: true })).toHaveValue("Ada Lovelace");
    await expect(page.getByRole("main").getByText("Ada Lovelace")).toHaveCount(0);
    const me = await fetchFromPage(page, "/api/me");
    expect(me.body).toMatchObject({ name: "Ada Lovelace" });
  });

  test("a name longer than the token contract allows is refused in the form", async ({ page }) => {
    const form = page.getByRole("form", { name: "Your name" });
    const field = form.getByLabel("Name", { exact: true });
    // The contract's limit is 255 characters (packages/auth-contract).
    await field.fill("n".repeat(256));
    await form.getByRole("button", { name: "Save name" }).click();
    await expect(field).toHaveAccessibleDescription("Use at most 255 characters for your name.");
  });

  test("a password change can sign out the other devices and keeps this one signed in", async ({
    page,
    signedInUser,
    openDevice,
    browser,
  }) => {
    const phone = await openDevice(signedInUser);
    await phone.goto("/todos");
    await expect(phone).toHaveURL(/\/todos$/);

    const form = page.getByRole("form", { name: "Change password" });
    const newPassword = `${signedInUser.password}-changed`;
    await form.getByLabel("Current password", { exact: true }).fill(signedInUser.password);
    await form.getByLabel("New password", { exact: true }).fill(newPassword);
    await form.getByLabel("Repeat the new password", { exact: true }).fill(newPassword);
    await expect(form.getByRole("checkbox", { name: "Sign out my other devices" })).toBeChecked();
    await form.getByRole("button", { name: "Change password" }).click();
    await expect(form.getByRole("status")).toHaveText(
      "Your password has been changed, and your other devices have been signed out.",
    );
    await expect(form.getByLabel("New password", { exact: true })).toHaveValue("");

    await phone.goto("/todos");
    await expect(phone).toHaveURL(/\/sign-in/);
    await page.reload();
    await expect(page.getByRole("heading", { name: "Account", level: 1 })).toBeVisible();

    // The new password signs in on a new device.
    const elsewhere = await (await browser.newContext({ baseURL: new URL(page.url()).origin })).newPage();
    const signInElsewhere = new SignInPage(elsewhere);
    await signInElsewhere.goto();
    await signInElsewhere.signIn({ email: signedInUser.email, password: newPassword });
    await expect(elsewhere).toHaveURL(/\/todos$/);
    await elsewhere.context().close();
  });

  test("a wrong current password changes nothing and says so", async ({ page }) => {
    const form = page.getByRole("form", { name: "Change password" });
    await form.getByLabel("Current password", { exact: true }).fill("not-my-password");
    await form.getByLabel("New password", { exact: true }).fill("another-password-1");
    await form.getByLabel("Repeat the new password", { exact: true }).fill("another-password-1");
    await form.getByRole("button", { name: "Change password" }).click();
    await expect(form.getByRole("alert")).toHaveText("Your current password is not right.");
  });
});
