import { expect, testOnTodos as test } from "./fixtures";
import { seedTodos } from "./support/accounts";

// The dashboard's keys: q adds, / searches, j/k move between todos, x completes, e edits, Delete
// deletes, ? lists them; none of them fires while the person types in a field.
test.describe("Keyboard shortcuts", () => {
  test("every key does what its line in the sheet says, and none fires while typing", async ({
    page,
    todosPage,
  }) => {
    await seedTodos(page, [{ title: "Third" }, { title: "Second" }, { title: "First" }]);
    await todosPage.goto();
    await expect(todosPage.titles).toHaveText(["First", "Second", "Third"]);

    await page.keyboard.press("?");
    const sheet = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await expect(sheet).toBeVisible();
    await expect(sheet.getByRole("definition")).toHaveText([
      "Add a todo",
      "Search",
      "Next or previous todo",
      "Complete or reopen the todo",
      "Edit the todo",
      "Delete the todo",
      "Show these shortcuts",
    ]);
    // While the sheet is open, the keys are the sheet's.
    await page.keyboard.press("j");
    await page.keyboard.press("Escape");
    await expect(sheet).toBeHidden();

    await page.keyboard.press("q");
    const title = todosPage.addForm.getByRole("textbox", { name: "Title" });
    await expect(title).toBeFocused();
    await page.keyboard.type("jkx?e/q");
    await expect(title).toHaveValue("jkx?e/q");
    await expect(sheet).toBeHidden();
    await title.fill("");

    await title.blur();
    await page.keyboard.press("/");
    const search = page.getByRole("searchbox", { name: "Search todos" });
    await expect(search).toBeFocused();
    await search.blur();

    const checkbox = (name: string) => page.getByRole("checkbox", { name });
    await page.keyboard.press("j");
    await expect(checkbox("First")).toBeFocused();
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await expect(checkbox("Third")).toBeFocused();
    await page.keyboard.press("k");
    await expect(checkbox("Second")).toBeFocused();

    await page.keyboard.press("x");
    await expect(checkbox("Second")).toBeChecked();
    await expect(todosPage.counts).toContainText("1 completed");

    await page.keyboard.press("e");
    const editForm = page.getByRole("form", { name: "Edit “Second”" });
    await expect(editForm).toBeVisible();
    await expect(editForm.getByRole("textbox", { name: "Title" })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(editForm).toBeHidden();

    await checkbox("First").focus();
    await page.keyboard.press("Delete");
    await expect(page.getByText("Delete this todo?")).toBeVisible();
  });
});
