import path from "node:path";
import { expect, test } from "./fixtures";
import { newCredentials, seedTodos, signUpThroughApi } from "./support/accounts";
import { EVERYDAY_TODOS } from "./support/everyday-todos";
import { SignInPage } from "./support/pages";
import { enableTwoFactorThroughApi } from "./support/two-factor";

// Pictures of the main pages for the README and the landing page (which serves them from public/): sign-up, the account page (taller than the viewport:
// captured whole) and a sign-in's two-factor step at a desktop viewport, and the dashboard's first
// screen on a desktop and a phone.
// Every run takes them, into its output directory, so that a test run leaves the working tree as it
// found it; UPDATE_SCREENSHOTS=1 writes them to public/screenshots.
const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === "1"
    ? path.resolve(import.meta.dirname, "../public/screenshots")
    : path.resolve(import.meta.dirname, "../test-results/screenshots");

test.describe("Screenshots for public/screenshots", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("sign-up page", async ({ signUpPage }) => {
    await signUpPage.goto();
    await signUpPage.page.screenshot({ path: path.join(SCREENSHOTS, "sign-up.png") });
  });

  test("the account page with two devices", async ({ page, context, baseURL, accountPage, openDevice }) => {
    const user = newCredentials("docs", "Ada Lovelace");
    await signUpThroughApi(context.request, baseURL!, user);
    await openDevice(user);
    await accountPage.goto();
    await accountPage.expectSessionCount(2);
    await page.screenshot({ path: path.join(SCREENSHOTS, "account.png"), fullPage: true });
  });

  test("a sign-in's two-factor step", async ({ page, context, baseURL }) => {
    const user = newCredentials("docs", "Ada Lovelace");
    await signUpThroughApi(context.request, baseURL!, user);
    await enableTwoFactorThroughApi(context.request, baseURL!, user);
    await context.clearCookies();
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn(user);
    await expect(page.getByRole("button", { name: "Verify" })).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOTS, "sign-in-two-factor.png") });
  });
});

// The dashboard's first screen, as a person sees it on opening it: on a desktop and on a phone, in
// the light and the dark scheme.
const SCREENS = {
  desktop: { viewport: { width: 1280, height: 800 } },
  // Twice the pixels on a phone, as its screen has them: the landing page shows this picture there.
  phone: { viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
} as const;

for (const [screen, options] of Object.entries(SCREENS))
  for (const colorScheme of ["light", "dark"] as const)
    test.describe(`The dashboard on a ${screen}, ${colorScheme}`, () => {
      test.use({ ...options, colorScheme });

      test(`dashboard-${screen}-${colorScheme}.png`, async ({ page, context, baseURL, todosPage }) => {
        await signUpThroughApi(context.request, baseURL!, newCredentials("docs", "Ada Lovelace"));
        await todosPage.goto();
        await seedTodos(page, EVERYDAY_TODOS);
        await page.reload();
        await expect(todosPage.items).toHaveCount(EVERYDAY_TODOS.length);
        // The due moments show once the page has hydrated.
        await expect(todosPage.item("Renew the passport").locator("time")).toBeVisible();
        await page.screenshot({ path: path.join(SCREENSHOTS, `dashboard-${screen}-${colorScheme}.png`) });
      });
    });
