import { expect, test } from "./fixtures";

// What a visitor sees first, and where a wrong address leads.
test.describe("The landing page and unknown addresses", () => {
  test("a signed-out visitor of / finds what the app is and the ways in; a signed-in one their todos", async ({
    page,
    registeredUser,
    signInPage,
  }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your tasks, in one place, kept safe.");
    await page.getByRole("link", { name: "Sign in" }).click();
    await signInPage.signIn(registeredUser);
    await expect(page).toHaveURL(/\/todos$/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/todos$/);
  });

  test("an unknown address shows the app's own not-found page with a way back", async ({ page }) => {
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found", level: 1 })).toBeVisible();
    await page.getByRole("link", { name: "Go to your todos" }).click();
    await expect(page).toHaveURL(/\/sign-in\?next=%2Ftodos/);
  });
});
