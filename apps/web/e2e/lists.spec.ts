import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { TodosPage } from "./support/pages";

// Issue 23, item 1: a person's own lists are created, reordered and archived from the side bar.

async function createList(page: Page, name: string): Promise<void> {
  const lists = page.getByRole("navigation", { name: "Lists" });
  await lists.getByRole("textbox", { name: "New list" }).fill(name);
  await lists.getByRole("button", { name: "Create list" }).click();
  await expect(page.getByTestId("current-list")).toContainText(name);
}

/** The names of the lists the side bar shows, in its order (the archived ones are folded away). */
function shownLists(page: Page) {
  return page
    .getByTestId("list-nav")
    .getByRole("link")
    .filter({ hasNotText: /^(Today|Upcoming|All lists)$/ });
}

test("lists move up and down among those shown, an archived one folded away in between", async ({
  page,
  signedInUser: _user,
}) => {
  const todos = new TodosPage(page);
  await todos.goto();
  for (const name of ["Work", "Errands", "Home"]) await createList(page, name);
  await expect(shownLists(page)).toHaveText([/Inbox/, /Work/, /Errands/, /Home/]);

  // Errands, between Work and Home, is archived: it leaves the shown lists.
  await page
    .getByTestId("list-nav")
    .getByRole("link", { name: /Errands/ })
    .click();
  await page.getByRole("button", { name: "Archive this list" }).click();
  await expect(page.getByTestId("current-list")).toContainText("(archived)");
  await expect(shownLists(page)).toHaveText([/Inbox/, /Work/, /Home/]);

  // Home moves above Work, its neighbour among the shown lists, in one press.
  await page.getByTestId("list-nav").getByRole("link", { name: /Home/ }).click();
  await page.getByRole("button", { name: "Move this list up" }).click();
  await expect(shownLists(page)).toHaveText([/Inbox/, /Home/, /Work/]);
  await page.getByRole("button", { name: "Move this list up" }).click();
  await expect(shownLists(page)).toHaveText([/Home/, /Inbox/, /Work/]);
  await expect(page.getByRole("button", { name: "Move this list up" })).toBeDisabled();

  // The order is the person's, kept by the API.
  await page.reload();
  await expect(shownLists(page)).toHaveText([/Home/, /Inbox/, /Work/]);
});
