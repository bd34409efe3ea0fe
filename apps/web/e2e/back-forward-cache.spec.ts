import type { BrowserContext, Page } from "@playwright/test";

import { test as base, expect } from "./fixtures";
import { SignInPage, TodosPage } from "./support/pages";

declare global {
  interface Window {
    __sameDocument?: true;
  }
}

// Playwright starts Chromium with its back/forward cache off; these tests need it on, as people have it.
const test = base.extend<{ cachingBrowser: BrowserContext }>({
  cachingBrowser: async ({ playwright, launchOptions, baseURL, viewport, locale }, use) => {
    const browser = await playwright.chromium.launch({
      ...launchOptions,
      ignoreDefaultArgs: ["--disable-back-forward-cache"],
    });
    await use(await browser.newContext({ baseURL, viewport, locale }));
    await browser.close();
  },
});

/**
 * Leaves the page's document for `elsewhere` (another document) and goes Back. Whether the same
 * document came back from the back/forward cache, and the reasons Chromium gave when it did not.
 */
async function awayAndBack(page: Page, elsewhere: string): Promise<{ restored: boolean; reasons: string[] }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Page.enable");
  const reasons: string[] = [];
  cdp.on("Page.backForwardCacheNotUsed", ({ notRestoredExplanations }) =>
    reasons.push(...notRestoredExplanations.map(({ reason }) => reason)),
  );
  await page.evaluate(() => {
    window.__sameDocument = true;
  });
  await page.goto(elsewhere);
  // A page restored from the cache fires no new "load" event: wait for the document being complete.
  await page.goBack({ waitUntil: "commit" });
  await expect
    .poll(() => page.evaluate(() => document.readyState).catch(() => "replaced by the next document"))
    .toBe("complete");
  const restored = await page.evaluate(() => window.__sameDocument === true);
  await cdp.detach();
  return { restored, reasons };
}

test.describe("Back/forward cache", () => {
  test("the landing, sign-in and sign-up pages come back from it", async ({ cachingBrowser }) => {
    const page = await cachingBrowser.newPage();
    for (const [path, heading] of [
      ["/", "Your tasks, in one place, kept safe."],
      ["/sign-in", "Sign in"],
      ["/sign-up", "Create an account"],
    ]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
      expect(await awayAndBack(page, "/forgot-password"), path).toEqual({ restored: true, reasons: [] });
      await expect(page).toHaveURL(path);
    }
  });

  test("a signed-in page never does, and after signing out Back shows nothing of the user", async ({
    cachingBrowser,
    registeredUser,
    baseURL,
  }) => {
    const page = await cachingBrowser.newPage();
    const todosPage = new TodosPage(page);
    // In by the landing page's link and the sign-in form, as a person comes: the public document
    // they started on must not end up holding their todos.
    await page.goto("/");
    await page.getByRole("banner").getByRole("link", { name: "Sign in" }).click();
    await new SignInPage(page).signIn(registeredUser);
    await todosPage.expectLoaded();
    await todosPage.add({ title: "Private: the surprise party" });

    const { restored, reasons } = await awayAndBack(page, "/account");
    expect(restored).toBe(false);
    expect(reasons).toContain("MainResourceHasCacheControlNoStore");
    await expect(todosPage.item("Private: the surprise party")).toBeVisible();

    // Signing in and out each replaced their entry: Back reaches the landing page, as it was.
    await todosPage.header.signOut();
    await page.goBack({ waitUntil: "commit" });
    await expect(page).toHaveURL(new URL("/", baseURL).href);
    await expect(page.getByRole("heading", { name: "Your tasks, in one place, kept safe." })).toBeVisible();
    await expect(page.getByText("Private: the surprise party")).toHaveCount(0);
    await expect(page.getByText(registeredUser.name)).toHaveCount(0);
    await expect(page.locator("input[type=password]")).toHaveCount(0);
  });
});
