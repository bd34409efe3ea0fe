import path from "node:path";
import { expect, test } from "./fixtures";
import { daysFromNow, newCredentials, seedTodos, signUpThroughApi } from "./support/accounts";

// Pictures of the three main pages at a desktop viewport; the dashboard and account pages are taller
// than the viewport: captured whole. Every run takes them, into its output directory, so that a test
// run leaves the working tree as it found it; UPDATE_SCREENSHOTS=1 writes them to docs/screenshots.
const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === "1"
    ? path.resolve(import.meta.dirname, "../../../docs/screenshots")
    : path.resolve(import.meta.dirname, "../test-results/screenshots");

test.describe("Screenshots for docs/screenshots", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("sign-up page", async ({ signUpPage }) => {
    await signUpPage.goto();
    await signUpPage.page.screenshot({ path: path.join(SCREENSHOTS, "sign-up.png") });
  });

  test("dashboard with a few todos, and the account page with two devices", async ({
    page,
    context,
    baseURL,
    todosPage,
    accountPage,
    openDevice,
  }) => {
    const user = newCredentials("docs", "Ada Lovelace");
    await signUpThroughApi(context.request, baseURL!, user);
    await todosPage.goto();
    await seedTodos(page, [
      { title: "Water the plants", priority: "low", tags: ["home"], completed: true },
      { title: "Pay electricity bill", priority: "high", due_at: daysFromNow(-1), tags: ["admin"] },
      {
        title: "Renew passport",
        description: "Photos are in the desk drawer.",
        priority: "high",
        due_at: daysFromNow(3),
        tags: ["travel", "admin"],
      },
      { title: "Book flights to Lisbon", priority: "medium", due_at: daysFromNow(12), tags: ["travel"] },
    ]);
    await page.reload();
    await expect(todosPage.items).toHaveCount(4);
    await page.screenshot({ path: path.join(SCREENSHOTS, "dashboard.png"), fullPage: true });

    await openDevice(user);
    await accountPage.goto();
    await accountPage.expectSessionCount(2);
    await page.screenshot({ path: path.join(SCREENSHOTS, "account.png"), fullPage: true });
  });
});
