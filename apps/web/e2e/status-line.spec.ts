import { expect, testOnTodos as test } from "./fixtures";
import { seedTodos } from "./support/accounts";

// The line under the list's tools that says what the last action did.
test.describe("The todo page's status line", () => {
  test("says what the last action did, not an earlier one's result, and goes after a while", async ({
    page,
    todosPage,
  }) => {
    await seedTodos(page, [{ title: "Old receipt", completed: true }, { title: "Water plants" }]);
    await page.reload();
    await todosPage.expectLoaded();
    await page.getByRole("button", { name: "Clear completed" }).click();
    await todosPage.undoToast.getByRole("button", { name: "Undo" }).click();
    await expect(todosPage.feedback).toHaveText("Restored 1 todo.");

    // A later action replaces it: the undo notice of a deletion says what happened now.
    await todosPage.delete("Water plants");
    await expect(todosPage.feedback).toHaveText("");

    await todosPage.toggle("Old receipt");
    // Still a live region in the page (read out as it came), emptied once read.
    await expect(todosPage.feedback).toHaveAttribute("role", "status");
    await expect(todosPage.feedback).toHaveText("", { timeout: 15_000 });
  });

  test("one heading names the list: no visible page title right above it", async ({ page, todosPage }) => {
    await expect(todosPage.addForm).toBeVisible();
    // Headings a screen reader reads, among them the page's title; those shown take more than a pixel.
    const headings = await page
      .getByRole("main")
      .getByRole("heading")
      .evaluateAll((found) =>
        found.map((heading) => {
          const { width, height } = heading.getBoundingClientRect();
          return { text: heading.textContent, shown: width > 1 && height > 1 };
        }),
      );
    expect(headings.map(({ text }) => text)).toEqual(["Todos", "Add a todo", "Your todos"]);
    expect(headings.filter(({ shown }) => shown).map(({ text }) => text)).toEqual(["Your todos"]);
  });
});
