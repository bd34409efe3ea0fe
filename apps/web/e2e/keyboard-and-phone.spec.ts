import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { seedTodos } from "./support/accounts";
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

const LIST_OF_FIVE = [
  "Call the plumber",
  "Buy bin bags",
  "Return the library books",
  "Book a haircut",
  "Pay rent",
];

test.describe("The dashboard's first screen", () => {
  test.describe("on a 1280×800 desktop", () => {
    test.use({ viewport: { width: 1280, height: 800 } });

    test("a todo added with the quick-add line shows up in view, without scrolling", async ({
      page,
      todosPage,
      signedInUser: _signedIn,
    }) => {
      await todosPage.goto();
      await seedTodos(
        page,
        LIST_OF_FIVE.map((title) => ({ title, description: "A line of detail.", tags: ["home"] })),
      );
      await page.reload();
      await expect(todosPage.items).toHaveCount(5);

      await todosPage.addForm.getByLabel("Title", { exact: true }).fill("Water the plants");
      await page.keyboard.press("Enter");
      await expect(todosPage.feedback).toHaveText("Added “Water the plants”.");
      await expect(todosPage.item("Water the plants")).toBeInViewport({ ratio: 1 });
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
    });
  });

  test.describe("on a 375×667 phone", () => {
    test.use({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true });

    test("the first todo starts within the first screen", async ({
      page,
      todosPage,
      signedInUser: _signedIn,
    }) => {
      await todosPage.goto();
      await seedTodos(page, [{ title: "Pay rent", description: "By transfer.", tags: ["home"] }]);
      await page.reload();
      const first = await todosPage.items.first().boundingBox();
      expect(first).not.toBeNull();
      expect(first!.y, "the first todo's top, in px from the top of the screen").toBeLessThan(667);
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      await expectNoSidewaysScrolling(page);

      // Priority, tag and sort wait under "Filters", which says how many of them are set.
      const filters = page.getByRole("button", { name: "Filters" });
      await expect(page.getByLabel("Filter by tag")).toBeHidden();
      await filters.tap();
      await expect(filters).toHaveAttribute("aria-expanded", "true");
      await page.getByLabel("Filter by tag").fill("home");
      await expect(page.getByRole("button", { name: "Filters (1)" })).toBeVisible();
      await todosPage.expectTitles(["Pay rent"]);
    });

    test("a sort is not counted as a filter, and Clear completed sits on the counts' line", async ({
      page,
      todosPage,
      signedInUser: _signedIn,
    }) => {
      await todosPage.goto();
      await seedTodos(page, [{ title: "Old receipt", completed: true }, { title: "Pay rent" }]);
      await page.reload();
      await todosPage.expectLoaded();
      await todosPage.sortBy("Title");
      await expect(page.getByRole("button", { name: /^Filters/ })).toHaveAccessibleName("Filters");
      await todosPage.filterByPriority("Medium");
      await expect(page.getByRole("button", { name: /^Filters/ })).toHaveAccessibleName("Filters (1)");

      const counts = await todosPage.counts.boundingBox();
      const clear = await page.getByRole("button", { name: "Clear completed" }).boundingBox();
      expect(counts).not.toBeNull();
      expect(clear).not.toBeNull();
      const middle = clear!.y + clear!.height / 2;
      expect(middle, "Clear completed's middle, within the counts' line").toBeGreaterThan(counts!.y);
      expect(middle).toBeLessThan(counts!.y + counts!.height);
      expect(clear!.x, "Clear completed, right of the counts").toBeGreaterThan(counts!.x + counts!.width);
      await expectNoSidewaysScrolling(page);
    });
  });

  test("More options unfolds by keyboard, and does not fold away a field with a mistake", async ({
    page,
    todosPage,
    signedInUser: _signedIn,
  }) => {
    await todosPage.goto();
    const description = todosPage.addForm.getByLabel("Description", { exact: true });
    await expect(todosPage.moreOptions).toHaveAttribute("aria-expanded", "false");
    await expect(description).toBeHidden();
    await tabTo(page, todosPage.moreOptions);
    await page.keyboard.press("Enter");
    await expect(todosPage.moreOptions).toHaveAttribute("aria-expanded", "true");
    await page.keyboard.press("Tab");
    await expect(description).toBeFocused();

    // A field with a mistake (checked as it is left) is never folded away out of sight.
    const tags = todosPage.addForm.getByLabel("Tags", { exact: true });
    await tags.fill(`fine, ${"x".repeat(80)}`);
    await todosPage.moreOptions.click();
    await expect(tags).toHaveAttribute("aria-invalid", "true");
    await expect(todosPage.moreOptions).toHaveAttribute("aria-expanded", "true");
    await expect(tags).toBeVisible();
    await todosPage.addForm.getByLabel("Title", { exact: true }).fill("Has a bad tag");
    await page.keyboard.press("Enter");
    await expect(tags).toBeFocused();
    await todosPage.expectTitles([]);
  });
});

test.describe("Skip links, and Escape in an edit", () => {
  test("skip links lead the keyboard past the header and the add form, to the list", async ({
    signedInUser,
    todosPage,
    page,
  }) => {
    await todosPage.goto();
    await page.keyboard.press("Tab");
    const skipToMain = page.getByRole("link", { name: "Skip to main content" });
    await expect(skipToMain).toBeFocused();
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Skip to your todos" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { name: "Your todos" })).toBeFocused();
  });

  test("Escape leaves an edit unsaved and gives the focus back to its Edit button", async ({
    signedInUser,
    todosPage,
    page,
  }) => {
    await todosPage.goto();
    await seedTodos(page, [{ title: "Water the ferns" }]);
    await page.reload();
    await page.getByRole("button", { name: "Edit “Water the ferns”" }).click();
    const form = page.getByRole("form", { name: "Edit “Water the ferns”" });
    await form.getByLabel("Title", { exact: true }).fill("Something else");
    await page.keyboard.press("Escape");
    await expect(form).toHaveCount(0);
    await todosPage.expectTitles(["Water the ferns"]);
    await expect(page.getByRole("button", { name: "Edit “Water the ferns”" })).toBeFocused();
  });
});
