import { expect, test } from "./fixtures";
import { fetchFromPage, seedTodos } from "./support/accounts";

// Issue 12: the list's counts, "Clear completed" and undo, tag suggestions, and due days without a time.
test.describe("Issue 12: counts, undo, tag suggestions and due days", () => {
  // Each test gets a new user, signed in on /todos, where its todos are seeded through the BFF.
  test.beforeEach(async ({ signedInUser, todosPage }) => {
    await todosPage.goto();
  });

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
    expect((await fetchFromPage(page, "/api/todos/counts")).body).toEqual({ active: 1, completed: 0 });

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
    await page.reload();
    await todosPage.expectLoaded();
    await page.getByRole("button", { name: "Clear completed" }).click();
    await expect(todosPage.undoToast).toContainText("1 completed todo cleared.");
    await expect(todosPage.undoToast.getByRole("button", { name: "Undo" })).toHaveCount(0, {
      timeout: 15_000,
    });
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
    await page.reload();
    await todosPage.expectLoaded();
    await todosPage.delete("Book dentist");
    await todosPage.expectTitles([]);
    await expect(page.getByRole("heading", { name: "Your todos" })).toBeFocused();

    await page.keyboard.press("Tab");
    const undo = todosPage.undoToast.getByRole("button", { name: "Undo" });
    await expect(undo).toBeFocused();
    // Held open while it has the focus, however long the person takes.
    await page.waitForTimeout(9_000);
    await expect(undo).toBeVisible();
    await page.keyboard.press("Enter");
    await expect(todosPage.feedback).toHaveText("Restored 1 todo.");
    await todosPage.expectTitles(["Book dentist"]);
    await expect(todosPage.item("Book dentist")).toContainText("#health");
    await expect(page.getByRole("heading", { name: "Your todos" })).toBeFocused();
  });

  test("the tag field suggests the user's tags, most used first, without those already typed", async ({
    page,
    todosPage,
  }) => {
    await seedTodos(page, [
      { title: "a", tags: ["home"] },
      { title: "b", tags: ["work", "home"] },
      { title: "c", tags: ["work"] },
      { title: "d", tags: ["work", "errands"] },
    ]);
    await page.reload();
    await todosPage.expectLoaded();
    const tags = todosPage.addForm.getByLabel("Tags", { exact: true });
    const suggestions = todosPage.addForm.getByTestId("tag-suggestions").locator("option");
    const values = () =>
      suggestions.evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));

    // The tag field is one of the quick-add line's details.
    await todosPage.moreOptions.click();
    await tags.focus();
    await expect(suggestions).toHaveCount(3);
    expect(await values()).toEqual(["work", "home", "errands"]);
    await expect(tags).toHaveAttribute(
      "list",
      (await todosPage.addForm.getByTestId("tag-suggestions").getAttribute("id"))!,
    );

    await tags.pressSequentially("home, ");
    await expect(suggestions).toHaveCount(2);
    expect(await values()).toEqual(["home, work", "home, errands"]);

    // A tag added just now is suggested at the next visit of the field.
    await todosPage.add({ title: "e", tags: "garden" });
    await tags.focus();
    await expect(suggestions).toHaveCount(4);
  });

  test.describe("in Los Angeles", () => {
    test.use({ timezoneId: "America/Los_Angeles" });

    test("a todo is due on a day without a time: today, tomorrow or overdue there, sorted among timed ones", async ({
      page,
      todosPage,
    }) => {
      const day = (offset: number) => {
        const moment = new Date(Date.now() + offset * 86_400_000);
        return new Intl.DateTimeFormat("en-CA", { timeZone: "America/Los_Angeles" }).format(moment);
      };
      await todosPage.add({ title: "Put the bins out", due: day(0) });
      await todosPage.add({ title: "Call the plumber", due: day(-1) });
      await todosPage.add({ title: "Dentist", due: `${day(1)}T17:00` });
      await todosPage.add({ title: "Party", due: day(1) });
      await todosPage.add({ title: "Someday" });

      await expect(todosPage.item("Put the bins out")).toContainText("Due today");
      await expect(todosPage.item("Put the bins out").locator("time")).toHaveAttribute("datetime", day(0));
      await expect(todosPage.item("Call the plumber")).toContainText("Overdue: yesterday");
      await expect(todosPage.item("Party")).toContainText("Due tomorrow");
      await expect(todosPage.item("Dentist")).toContainText(/Due tomorrow, 5:00\sPM/);

      await todosPage.sortBy("Due date");
      await todosPage.expectTitles(["Call the plumber", "Put the bins out", "Party", "Dentist", "Someday"]);

      // Stored as a day: the edit form shows it without a time, and a reload shows the same.
      await page.getByRole("button", { name: "Edit “Party”" }).click();
      const form = page.getByRole("form", { name: "Edit “Party”" });
      await expect(form.getByLabel("Due date", { exact: true })).toHaveValue(day(1));
      await expect(form.getByLabel("Time", { exact: true })).toHaveValue("");
      await form.getByRole("button", { name: "Cancel" }).click();
      await page.reload();
      await todosPage.expectLoaded();
      await expect(todosPage.item("Put the bins out")).toContainText("Due today");
      const stored = await fetchFromPage(page, "/api/todos?sort=due&limit=1");
      expect(stored.body).toMatchObject({
        items: [{ title: "Call the plumber", due_date: day(-1), due_at: null }],
      });
    });
  });
});
