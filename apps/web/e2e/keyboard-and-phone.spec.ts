import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { AccountPage, SignUpPage } from "./support/pages";

/** Presses Tab until `target` has the focus (or fails after `limit` presses): it is reachable by keyboard. */
async function tabTo(page: Page, target: Locator, limit = 40): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
    await page.keyboard.press("Tab");
  }
  await expect(target, `reached with Tab within ${limit} presses`).toBeFocused();
}

async function expectNoSidewaysScrolling(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `page width at a ${innerWidth}px wide screen`).toBeLessThanOrEqual(innerWidth);
}

test.describe("The dashboard by keyboard alone", () => {
  test("add, complete, edit and delete a todo with Tab, typing, Enter and Space", async ({
    page,
    todosPage,
    signedInUser: _signedIn,
  }) => {
    await todosPage.goto();
    const title = todosPage.addForm.getByLabel("Title");
    await tabTo(page, title);
    await page.keyboard.type("Typed without a mouse");
    await page.keyboard.press("Enter");
    await expect(todosPage.feedback).toHaveText("Added “Typed without a mouse”.");

    const item = todosPage.item("Typed without a mouse");
    await tabTo(page, item.getByRole("checkbox"));
    await page.keyboard.press("Space");
    await expect(todosPage.feedback).toHaveText("Marked “Typed without a mouse” as done.");

    await tabTo(page, page.getByRole("button", { name: "Edit “Typed without a mouse”" }));
    await page.keyboard.press("Enter");
    const editForm = page.getByRole("form", { name: "Edit “Typed without a mouse”" });
    await expect(editForm.getByLabel("Title")).toBeFocused();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("Renamed by keyboard");
    await page.keyboard.press("Enter");
    await expect(todosPage.feedback).toHaveText("Saved “Renamed by keyboard”.");

    await tabTo(page, page.getByRole("button", { name: "Delete “Renamed by keyboard”" }));
    await page.keyboard.press("Enter");
    await tabTo(page, page.getByRole("button", { name: "Yes, delete" }));
    await page.keyboard.press("Enter");
    await expect(todosPage.undoToast).toContainText("Deleted “Renamed by keyboard”.");
    await todosPage.expectTitles([]);
  });
});

test.describe("On a phone-sized screen", () => {
  test.use({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true });

  test("sign-up, the dashboard and the account page fit the width and work by touch", async ({
    page,
    credentials,
    todosPage,
  }) => {
    const signUp = new SignUpPage(page);
    await signUp.goto();
    await expectNoSidewaysScrolling(page);
    await signUp.fill(credentials);
    await signUp.submitButton.tap();
    await expect(page).toHaveURL(/\/todos$/);
    await todosPage.expectLoaded();

    await todosPage.add({ title: "Buy a longer phone charging cable for the car", tags: "errands" });
    await todosPage.filterByStatus("Active");
    await todosPage.expectTitles(["Buy a longer phone charging cable for the car"]);
    await todosPage.item("Buy a longer phone charging cable for the car").getByRole("checkbox").tap();
    await todosPage.expectTitles([]);
    await expectNoSidewaysScrolling(page);

    await todosPage.header.openAccount();
    const account = new AccountPage(page);
    await account.expectSessionCount(1);
    await expectNoSidewaysScrolling(page);
  });
});
