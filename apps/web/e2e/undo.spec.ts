import { expect, testOnTodos as test } from "./fixtures";
import { fetchFromPage, seedTodos } from "./support/accounts";

// "Clear completed" and deleting one todo, each taken back by Undo.
test.describe("Undo", () => {
  test("Clear completed deletes them at once, and Undo brings them back even after a reload", async ({
    page,
    todosPage,
  }) => {
    await seedTodos(page, [
      { title: "Paid rent", completed: true },
      { title: "Water plants" },
      { title: "Sent card", completed: true, tags: ["family"] },
    ]);
    await page.reload();
    await todosPage.expectLoaded();
    await page.getByRole("button", { name: "Clear completed" }).click();
    await expect(todosPage.undoToast).toContainText("2 completed todos cleared.");
    await expect(todosPage.undoToast).toHaveAttribute("role", "status");
    await todosPage.expectTitles(["Water plants"]);
    await expect(todosPage.counts).toHaveText("All your todos: 1 active · 0 completed");
    await expect(page.getByRole("button", { name: "Clear completed" })).toHaveCount(0);

    // Done on the server at once: another device no longer sees them.
    expect((await fetchFromPage(page, "/api/todos/counts")).body).toMatchObject({ active: 1, completed: 0 });

    await page.reload();
    await todosPage.expectLoaded();
    await todosPage.undoToast.getByRole("button", { name: "Undo" }).click();
    await expect(todosPage.feedback).toHaveText("Restored 2 todos.");
    await todosPage.expectTitles(["Sent card", "Water plants", "Paid rent"]);
    await expect(todosPage.item("Sent card")).toContainText("#family");
    await expect(todosPage.counts).toHaveText("All your todos: 1 active · 2 completed");
    await expect(todosPage.undoToast.getByRole("button", { name: "Undo" })).toHaveCount(0);
  });

  test("without Undo, the notice goes by itself and the deletion stays", async ({ page, todosPage }) => {
    await seedTodos(page, [{ title: "Old receipt", completed: true }]);
    // The page's clock, moved on rather than waited for.
    await page.clock.install();
    await page.reload();
    await todosPage.expectLoaded();
    await page.getByRole("button", { name: "Clear completed" }).click();
    await expect(todosPage.undoToast).toContainText("1 completed todo cleared.");
    await page.clock.fastForward("00:20");
    await expect(todosPage.undoToast.getByRole("button", { name: "Undo" })).toHaveCount(0);
    await page.reload();
    await todosPage.expectLoaded();
    await todosPage.expectTitles([]);
    await expect(todosPage.undoToast).toBeEmpty();
  });

  test("a deleted todo is undone from the keyboard: the next Tab reaches Undo", async ({
    page,
    todosPage,
  }) => {
    await seedTodos(page, [{ title: "Book dentist", tags: ["health"] }]);
    await page.clock.install();
    await page.reload();
    await todosPage.expectLoaded();
    await todosPage.delete("Book dentist");
    await todosPage.expectTitles([]);
    await expect(page.getByRole("heading", { name: "Your todos" })).toBeFocused();

    await page.keyboard.press("Tab");
    const undo = todosPage.undoToast.getByRole("button", { name: "Undo" });
    await expect(undo).toBeFocused();
    // Held open while it has the focus, however long the person takes: a minute on the page's clock.
    await page.clock.fastForward("01:00");
    await expect(undo).toBeVisible();
    await page.keyboard.press("Enter");
    await expect(todosPage.feedback).toHaveText("Restored 1 todo.");
    await todosPage.expectTitles(["Book dentist"]);
    await expect(todosPage.item("Book dentist")).toContainText("#health");
    await expect(page.getByRole("heading", { name: "Your todos" })).toBeFocused();
  });
});
