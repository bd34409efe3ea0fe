import { expect, testOnTodos as test } from "./fixtures";
import { daysFromNow, seedTodos } from "./support/accounts";
import { AccountPage, TodosPage } from "./support/pages";

// User story 3 seen from the browser: every todo call goes browser → BFF (session) → API (JWT) and back.
test.describe("User story 3: todos through the BFF and the API", () => {
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

    // A todo without a due date comes last whichever come first.
    await todosPage.sortBy("Due date");
    await expect(page.getByLabel("Order")).toHaveValue("asc");
    await todosPage.expectTitles(["Alpha", "Delta", "Bravo", "Charlie"]);
    await todosPage.sortBy("Due date", "Latest first");
    await todosPage.expectTitles(["Bravo", "Delta", "Alpha", "Charlie"]);

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

// Todo 01 … Todo 22: a page of 20 and two more, for the "Load more" tests.
const MORE_THAN_A_PAGE = Array.from({ length: 22 }, (_, index) => ({
  title: `Todo ${String(index + 1).padStart(2, "0")}`,
}));

test.describe("The list: adding, paging, the views, filters in the address and tags", () => {
  test("after a field error, the first click on the button once the field is fixed sends the form", async ({
    signedInUser,
    todosPage,
  }) => {
    await todosPage.goto();
    await todosPage.tryToAdd({ title: "" });
    const title = todosPage.addForm.getByLabel("Title", { exact: true });
    await expect(title).toHaveAttribute("aria-invalid", "true");
    await title.fill("Fixed at last");
    // One click, straight from the field: the error must not vanish under it.
    await todosPage.addForm.getByRole("button", { name: "Add todo" }).click();
    await expect(todosPage.feedback).toHaveText("Added “Fixed at last”.");
  });

  test("when the last page is loaded, the focus moves from the vanished button to the first todo it brought", async ({
    signedInUser,
    todosPage,
    page,
  }) => {
    await todosPage.goto();
    // Created one after another and listed newest first: the second page holds Todo 02 and Todo 01.
    await seedTodos(page, MORE_THAN_A_PAGE);
    await page.reload();
    await expect(todosPage.items).toHaveCount(20);
    await page.getByRole("button", { name: "Load more" }).focus();
    await page.keyboard.press("Enter");
    await expect(todosPage.items).toHaveCount(22);
    await expect(page.getByRole("button", { name: "Load more" })).toHaveCount(0);
    await expect(todosPage.item("Todo 02").getByRole("checkbox")).toBeFocused();
  });

  test("what was typed into the add form survives a session ended elsewhere, and is back after signing in", async ({
    signedInUser,
    todosPage,
    signInPage,
    openDevice,
    page,
  }) => {
    await todosPage.goto();
    await todosPage.fillAddForm({ title: "Half-written thought", description: "Keep this", tags: "ideas" });
    const phone = await openDevice(signedInUser);
    const phoneAccount = new AccountPage(phone);
    await phoneAccount.goto();
    await phoneAccount.signOutEverywhereElse();

    await todosPage.addForm.getByRole("button", { name: "Add todo" }).click();
    await signInPage.expectShown();
    await signInPage.signIn(signedInUser);
    await todosPage.expectLoaded();
    const field = (label: string) => todosPage.addForm.getByLabel(label, { exact: true });
    await expect(field("Title")).toHaveValue("Half-written thought");
    await expect(field("Description")).toHaveValue("Keep this");
    await expect(field("Tags")).toHaveValue("ideas");
    await todosPage.addForm.getByRole("button", { name: "Add todo" }).click();
    await expect(todosPage.feedback).toHaveText("Added “Half-written thought”.");
    await page.reload();
    await expect(field("Title")).toHaveValue("");
  });

  test("a todo ticked done in the Active view leaves it at once, and comes back under Completed", async ({
    signedInUser,
    todosPage,
    page,
  }) => {
    await todosPage.goto();
    await seedTodos(page, [{ title: "Book the dentist" }, { title: "Buy stamps" }]);
    await page.reload();
    await todosPage.filterByStatus("Active");
    await todosPage.expectTitles(["Buy stamps", "Book the dentist"]);
    await todosPage.item("Buy stamps").getByRole("checkbox").click();
    await expect(todosPage.feedback).toHaveText("Marked “Buy stamps” as done. It left this view.");
    await todosPage.expectTitles(["Book the dentist"]);
    await todosPage.filterByStatus("Completed");
    await todosPage.expectTitles(["Buy stamps"]);
  });

  test("adding keeps the pages already loaded, and says when the filters hide the new todo", async ({
    signedInUser,
    todosPage,
    page,
  }) => {
    await todosPage.goto();
    await seedTodos(page, MORE_THAN_A_PAGE);
    await page.reload();
    await page.getByRole("button", { name: "Load more" }).click();
    await expect(todosPage.items).toHaveCount(22);
    await todosPage.add({ title: "Newest" });
    await expect(todosPage.items).toHaveCount(23);
    await expect(todosPage.titles.first()).toHaveText("Newest");

    await todosPage.filterByStatus("Completed");
    await todosPage.expectTitles([]);
    await todosPage.tryToAdd({ title: "Not done yet" });
    await expect(todosPage.feedback).toHaveText("Added “Not done yet”, but your search or filters hide it.");
    await todosPage.expectTitles([]);
  });

  test("search, filters and sort live in the address: a reload, Back and a shared link keep them", async ({
    signedInUser,
    todosPage,
    page,
  }) => {
    await todosPage.goto();
    await seedTodos(page, [
      { title: "Buy milk" },
      { title: "Buy oat milk", completed: true },
      { title: "Milk the goat" },
      { title: "Call mum" },
    ]);
    await page.reload();
    await todosPage.search("milk");
    await todosPage.filterByStatus("Active");
    await todosPage.sortBy("Title", "A to Z");
    await todosPage.expectTitles(["Buy milk", "Milk the goat"]);
    await expect(page).toHaveURL(/\/todos\?q=milk&status=active&sort=title&order=asc$/);

    await page.reload();
    await expect(page.getByLabel("Search todos")).toHaveValue("milk");
    await expect(todosPage.statusFilter("Active")).toBeChecked();
    await todosPage.expectTitles(["Buy milk", "Milk the goat"]);

    await todosPage.header.openAccount();
    await page.goBack();
    await todosPage.expectTitles(["Buy milk", "Milk the goat"]);

    const shared = await page.context().newPage();
    await shared.goto(page.url());
    await new TodosPage(shared).expectTitles(["Buy milk", "Milk the goat"]);
    await shared.close();
  });

  test("tags are one per meaning whatever their case or leading #, and a click on one filters by it", async ({
    signedInUser,
    todosPage,
    page,
  }) => {
    await todosPage.goto();
    await seedTodos(page, [
      { title: "Mow the lawn", tags: ["Garden", "#Home"] },
      { title: "Fix the tap", tags: ["HOME"] },
      { title: "Read a book", tags: ["leisure"] },
    ]);
    await page.reload();
    await expect(todosPage.item("Mow the lawn")).toContainText("#garden#home");
    await todosPage.item("Fix the tap").getByRole("button", { name: "Show the todos tagged home" }).click();
    await expect(page.getByLabel("Filter by tag")).toHaveValue("home");
    await todosPage.expectTitles(["Fix the tap", "Mow the lawn"]);
    await todosPage.filterByTag("#Garden");
    await todosPage.expectTitles(["Mow the lawn"]);
  });
});
