import { expect, test } from "./fixtures";
import { daysFromNow, seedTodos } from "./support/accounts";

// User story 3 seen from the browser: every todo call goes browser → BFF (session) → API (JWT) and back.
test.describe("User story 3: todos through the BFF and the API", () => {
  // Fixtures are per test, hooks included: each test gets a new user, signed in on /todos.
  test.beforeEach(async ({ signedInUser, todosPage }) => {
    await todosPage.goto();
  });

  test("create, edit, complete and delete a todo; each change survives a reload", async ({
    page,
    todosPage,
  }) => {
    await todosPage.expectTitles([]);
    await expect(todosPage.emptyState).toContainText("No todos yet");

    await todosPage.add({
      title: "Buy oat milk",
      description: "The barista edition",
      priority: "High",
      due: "2030-05-01T09:00",
      tags: "groceries, errands",
    });
    const item = todosPage.item("Buy oat milk");
    await expect(item).toContainText("The barista edition");
    await expect(item).toContainText("High priority");
    await expect(item).toContainText("#groceries");
    await expect(item).toContainText("#errands");
    await expect(item.locator("time")).toHaveAttribute("datetime", /^2030-05-01T/);
    // The add form is emptied for the next todo.
    await expect(todosPage.addForm.getByLabel("Title", { exact: true })).toHaveValue("");

    await todosPage.edit("Buy oat milk", {
      title: "Buy oat milk and coffee",
      priority: "Low",
      tags: "groceries",
    });
    const edited = todosPage.item("Buy oat milk and coffee");
    await expect(edited).toContainText("Low priority");
    await expect(edited).not.toContainText("#errands");

    await todosPage.toggle("Buy oat milk and coffee");
    await expect(edited.getByRole("checkbox")).toBeChecked();

    await page.reload();
    await todosPage.expectTitles(["Buy oat milk and coffee"]);
    await expect(edited.getByRole("checkbox")).toBeChecked();
    await expect(edited).toContainText("Low priority");
    await expect(edited).toContainText("The barista edition");

    await todosPage.delete("Buy oat milk and coffee");
    await todosPage.expectTitles([]);
    await page.reload();
    await todosPage.expectTitles([]);
  });

  test("a todo without a title is refused in the form and nothing is added", async ({ todosPage }) => {
    await todosPage.tryToAdd({ title: "   ", tags: "misc" });

    const title = todosPage.addForm.getByLabel("Title", { exact: true });
    await expect(title).toHaveAttribute("aria-invalid", "true");
    await expect(title).toHaveAccessibleDescription(/Enter a title\./);
    await todosPage.expectTitles([]);
  });

  test("search finds words in titles and descriptions, ignoring case", async ({ page, todosPage }) => {
    await seedTodos(page, [
      { title: "Renew passport", description: "Bring the old one" },
      { title: "Book dentist", description: "Ask for the X-ray photos" },
      { title: "Print photos" },
    ]);
    await page.reload();
    await todosPage.expectTitles(["Print photos", "Book dentist", "Renew passport"]);

    await todosPage.search("passport");
    await todosPage.expectTitles(["Renew passport"]);

    await todosPage.search("PHOTO");
    await todosPage.expectTitles(["Print photos", "Book dentist"]);

    await todosPage.search("nothing like this");
    await todosPage.expectTitles([]);
    await expect(todosPage.emptyState).toContainText("No todos match");
    await todosPage.emptyState.getByRole("button", { name: "Clear filters" }).click();
    await todosPage.expectTitles(["Print photos", "Book dentist", "Renew passport"]);
    await expect(page.getByLabel("Search todos")).toHaveValue("");
  });

  test("filters by status, priority and tag, alone and combined", async ({ page, todosPage }) => {
    await seedTodos(page, [
      { title: "Water plants", priority: "low", tags: ["home"], completed: true },
      { title: "File taxes", priority: "high", tags: ["admin", "home"] },
      { title: "Call plumber", priority: "high", tags: ["home"], completed: true },
      { title: "Plan trip", priority: "medium", tags: ["travel"] },
    ]);
    await page.reload();
    await todosPage.expectTitles(["Plan trip", "Call plumber", "File taxes", "Water plants"]);

    await todosPage.filterByStatus("Active");
    await todosPage.expectTitles(["Plan trip", "File taxes"]);
    await todosPage.filterByStatus("Completed");
    await todosPage.expectTitles(["Call plumber", "Water plants"]);

    await todosPage.filterByStatus("All");
    await todosPage.filterByPriority("High");
    await todosPage.expectTitles(["Call plumber", "File taxes"]);
    await todosPage.filterByStatus("Completed");
    await todosPage.expectTitles(["Call plumber"]);

    await todosPage.filterByStatus("All");
    await todosPage.filterByPriority("Any");
    await todosPage.filterByTag("home");
    await todosPage.expectTitles(["Call plumber", "File taxes", "Water plants"]);
    await todosPage.filterByStatus("Active");
    await todosPage.expectTitles(["File taxes"]);
    await todosPage.filterByTag("admin");
    await todosPage.expectTitles(["File taxes"]);
    await todosPage.filterByTag("no-such-tag");
    await todosPage.expectTitles([]);
  });

  test("sorts by date added, due date, priority and title, both ways", async ({ page, todosPage }) => {
    // Created in this order; ties in priority fall back to the creation time.
    await seedTodos(page, [
      { title: "Bravo", priority: "medium", due_at: daysFromNow(3) },
      { title: "Alpha", priority: "low", due_at: daysFromNow(1) },
      { title: "Charlie", priority: "high" },
      { title: "Delta", priority: "high", due_at: daysFromNow(2) },
    ]);
    await page.reload();

    await todosPage.expectTitles(["Delta", "Charlie", "Alpha", "Bravo"]);
    await todosPage.sortBy("Date added", "Oldest first");
    await todosPage.expectTitles(["Bravo", "Alpha", "Charlie", "Delta"]);

    // No due date sorts as "never": last when the soonest come first.
    await todosPage.sortBy("Due date");
    await expect(page.getByLabel("Order")).toHaveValue("asc");
    await todosPage.expectTitles(["Alpha", "Delta", "Bravo", "Charlie"]);
    await todosPage.sortBy("Due date", "Latest first");
    await todosPage.expectTitles(["Charlie", "Bravo", "Delta", "Alpha"]);

    await todosPage.sortBy("Priority");
    await todosPage.expectTitles(["Delta", "Charlie", "Bravo", "Alpha"]);
    await todosPage.sortBy("Priority", "Lowest first");
    await todosPage.expectTitles(["Alpha", "Bravo", "Charlie", "Delta"]);

    await todosPage.sortBy("Title");
    await todosPage.expectTitles(["Alpha", "Bravo", "Charlie", "Delta"]);
    await todosPage.sortBy("Title", "Z to A");
    await todosPage.expectTitles(["Delta", "Charlie", "Bravo", "Alpha"]);
  });
});
