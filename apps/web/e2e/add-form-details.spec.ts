import { expect, testOnTodos as test } from "./fixtures";

// The add form's "More options": its errors follow the fields they depend on, and its fields fit what is typed.
test.describe("The add form's details", () => {
  test("a time's missing day is no longer an error once the time is cleared, and More options folds again", async ({
    todosPage,
  }) => {
    const dueDate = todosPage.addForm.getByLabel("Due date", { exact: true });
    const time = todosPage.addForm.getByLabel("Time", { exact: true });
    await todosPage.addForm.getByLabel("Title", { exact: true }).fill("Call the bank");
    await todosPage.moreOptions.click();
    await time.fill("09:30");
    await todosPage.addForm.getByRole("button", { name: "Add todo" }).click();
    await expect(dueDate).toHaveAccessibleDescription("Enter the day this time is on.");

    await time.fill("");
    await expect(dueDate).not.toHaveAttribute("aria-invalid");
    await expect(dueDate).toHaveAccessibleDescription("");
    await todosPage.moreOptions.click();
    await expect(todosPage.moreOptions).toHaveAttribute("aria-expanded", "false");
    await expect(time).toBeHidden();
  });

  test("the Tags field is wide enough to show what was typed", async ({ todosPage }) => {
    await todosPage.moreOptions.click();
    const tags = todosPage.addForm.getByLabel("Tags", { exact: true });
    await tags.fill("home, errands, groceries, weekend");
    const cut = await tags.evaluate((input) => input.scrollWidth > input.clientWidth);
    expect(cut, "the typed tags overflow the field").toBe(false);
  });
});
