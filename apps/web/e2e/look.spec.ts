import type { Locator } from "@playwright/test";
import { expect, testOnTodos as test } from "./fixtures";
import { seedTodos } from "./support/accounts";
import { unfold } from "./support/pages";

// The dashboard's controls drawn for the app (issue 21, "a look worth paying for") without losing
// what the browser's own give: names for screen readers, the keyboard, the focus ring.

/** What makes a select look like the app's fields: a chevron of its own, in room kept for it. */
function selectLook(select: Locator) {
  return select.evaluate((element) => {
    const style = getComputedStyle(element);
    return {
      appearance: style.appearance,
      chevron: style.backgroundImage.startsWith("linear-gradient"),
      roomForIt: Number.parseFloat(style.paddingRight) >= 32,
      border: style.borderTopColor,
    };
  });
}

test.describe("The dashboard's look", () => {
  test("the selects are drawn like the text fields, a chevron for the system's arrow, and still choose by keyboard", async ({
    page,
    todosPage,
  }) => {
    await todosPage.unfoldFilters();
    await unfold(todosPage.moreOptions);
    const border = await page
      .getByLabel("Filter by tag")
      .evaluate((element) => getComputedStyle(element).borderTopColor);
    for (const select of [
      page.getByLabel("Filter by priority"),
      page.getByLabel("Sort by"),
      page.getByLabel("Order"),
      todosPage.addForm.getByLabel("Priority", { exact: true }),
    ])
      expect(await selectLook(select)).toEqual({
        appearance: "none",
        chevron: true,
        roomForIt: true,
        border,
      });

    const priority = page.getByLabel("Filter by priority");
    await priority.focus();
    await page.keyboard.press("ArrowDown");
    await expect(priority).toHaveValue("low");
  });

  test("a todo's actions are icons, named for screen readers, with a tooltip and the focus ring", async ({
    page,
    todosPage,
  }) => {
    await seedTodos(page, [{ title: "Water the ferns" }]);
    await page.reload();
    const item = todosPage.item("Water the ferns");
    for (const [name, tooltip] of [
      ["Edit “Water the ferns”", "Edit"],
      ["Delete “Water the ferns”", "Delete"],
    ]) {
      const button = item.getByRole("button", { name });
      await expect(button).toHaveText("");
      await expect(button).toHaveAttribute("title", tooltip);
      await expect(button.locator("svg")).toHaveAttribute("aria-hidden", "true");
    }
    await item.getByRole("checkbox").focus();
    await page.keyboard.press("Tab");
    const edit = item.getByRole("button", { name: "Edit “Water the ferns”" });
    await expect(edit).toBeFocused();
    expect(await edit.evaluate((element) => getComputedStyle(element).outlineStyle)).toBe("solid");
  });
});
