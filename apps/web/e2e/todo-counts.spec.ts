import { expect, testOnTodos as test } from "./fixtures";
import { seedTodos } from "./support/accounts";

test.describe("The counts of the list", () => {
  test("the counts are of the whole list, whatever the filters, and follow every change", async ({
    page,
    todosPage,
  }) => {
    await seedTodos(page, [
      { title: "Milk", tags: ["shop"] },
      { title: "Bread", completed: true },
      { title: "Eggs" },
    ]);
    await page.reload();
    await todosPage.expectLoaded();
    await expect(todosPage.counts).toHaveText("All your todos: 2 active · 1 completed");

    await todosPage.filterByStatus("Completed");
    await todosPage.expectTitles(["Bread"]);
    await todosPage.search("milk");
    await todosPage.expectTitles([]);
    await expect(todosPage.counts).toHaveText("All your todos: 2 active · 1 completed");
    await todosPage.search("");
    await todosPage.filterByStatus("All");
    await todosPage.expectTitles(["Eggs", "Bread", "Milk"]);

    await todosPage.add({ title: "Butter" });
    await expect(todosPage.counts).toHaveText("All your todos: 3 active · 1 completed");
    await todosPage.toggle("Milk");
    await expect(todosPage.counts).toHaveText("All your todos: 2 active · 2 completed");
    await todosPage.delete("Eggs");
    await expect(todosPage.counts).toHaveText("All your todos: 1 active · 2 completed");
  });
});
