import { expect, test } from "./fixtures";
import { seedTodos } from "./support/accounts";
import { AccountPage, TodosPage } from "./support/pages";

// Todo 01 … Todo 22: a page of 20 and two more, for the "Load more" tests.
const MORE_THAN_A_PAGE = Array.from({ length: 22 }, (_, index) => ({
  title: `Todo ${String(index + 1).padStart(2, "0")}`,
}));

// Small things people notice: where the focus is, what a page says after an action, where a wrong address leads.
test.describe("Rough edges", () => {
  test("after signing out, the sign-in page says so and the email field has the focus", async ({
    signedInUser,
    todosPage,
    page,
  }) => {
    await todosPage.goto();
    await todosPage.header.signOut();
    await expect(page.getByRole("status").filter({ hasText: "signed out" })).toHaveText(
      "You have been signed out.",
    );
    await expect(page.getByLabel("Email", { exact: true })).toBeFocused();
  });

  test("a signed-out visitor of / finds what the app is and the ways in; a signed-in one their todos", async ({
    page,
    registeredUser,
    signInPage,
  }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your tasks, in one place, kept safe.");
    await page.getByRole("link", { name: "Sign in" }).click();
    await signInPage.signIn(registeredUser);
    await expect(page).toHaveURL(/\/todos$/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/todos$/);
  });

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

  test("a server's verdict on a field stays while the field is unchanged, so its link can be followed", async ({
    page,
    registeredUser,
    signUpPage,
  }) => {
    await signUpPage.goto();
    await signUpPage.fill({ ...registeredUser, name: "Someone Else" });
    await signUpPage.submitButton.click();
    await expect(signUpPage.field("Email")).toHaveAttribute("aria-invalid", "true");
    await page.getByRole("link", { name: "Sign in instead" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
  });

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

  test("a password field shows what was typed, and hides it again", async ({ signInPage, page }) => {
    await signInPage.goto();
    const password = page.getByLabel("Password", { exact: true });
    await password.fill("correct horse");
    const toggle = page.getByRole("button", { name: "Show Password" });
    await expect(password).toHaveAttribute("type", "password");
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-pressed", "true");
    await expect(password).toHaveAttribute("type", "text");
    await expect(password).toHaveValue("correct horse");
    await toggle.click();
    await expect(password).toHaveAttribute("type", "password");
  });

  test("an unknown address shows the app's own not-found page with a way back", async ({ page }) => {
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found", level: 1 })).toBeVisible();
    await page.getByRole("link", { name: "Go to your todos" }).click();
    await expect(page).toHaveURL(/\/sign-in\?next=%2Ftodos/);
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
