import type { Page } from "@playwright/test";
import { expect, testOnTodos as test } from "./fixtures";
import { seedTodos } from "./support/accounts";

// Today (overdue and due today) and Upcoming (the next 7 days, by day), from the browser's calendar
// and zone: far from UTC, so that a window counted in the server's zone would show other todos.
test.use({ timezoneId: "Pacific/Kiritimati" });

/** The browser's calendar day `days` from today. */
function dayInPage(page: Page, days: number): Promise<string> {
  return page.evaluate((offset) => {
    const now = new Date();
    const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset);
    const pad = (value: number) => String(value).padStart(2, "0");
    return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
  }, days);
}

test.describe("Today and Upcoming", () => {
  test("each view shows the active todos of its days under their day, and none other", async ({
    page,
    todosPage,
  }) => {
    const due = async (days: number) => dayInPage(page, days);
    await seedTodos(page, [
      { title: "Never due" },
      { title: "Last week", due_date: await due(-7) },
      { title: "Done yesterday", due_date: await due(-1), completed: true },
      { title: "This morning", due_date: await due(0) },
      { title: "Tomorrow's", due_date: await due(1) },
      { title: "In three days", due_date: await due(3) },
      { title: "Next week and more", due_date: await due(8) },
    ]);
    const lists = page.getByRole("navigation", { name: "Lists" });

    await lists.getByRole("link", { name: "Today" }).click();
    await expect(page).toHaveURL(/\/todos\?view=today$/);
    await expect(lists.getByRole("link", { name: "Today" })).toHaveAttribute("aria-current", "page");
    await expect(todosPage.titles).toHaveText(["Last week", "This morning"]);
    const list = page.getByTestId("todo-list");
    await expect(list.getByRole("heading", { level: 3 })).toHaveText(["Overdue", "Today"]);

    await lists.getByRole("link", { name: "Upcoming" }).click();
    await expect(page).toHaveURL(/\/todos\?view=upcoming$/);
    await expect(todosPage.titles).toHaveText(["Tomorrow's", "In three days"]);
    await expect(list.getByRole("heading", { level: 3 })).toHaveText(["Tomorrow", /^\w+day, /]);

    // The view sets the status (active) and the order (by due moment): neither is offered in it.
    await todosPage.unfoldFilters();
    await expect(page.getByLabel("Filter by priority")).toBeVisible();
    for (const control of [
      todosPage.statusFilter("All"),
      page.getByLabel("Sort by"),
      page.getByLabel("Order"),
    ])
      await expect(control).toBeHidden();
    await lists.getByRole("link", { name: "All lists" }).click();
    await expect(todosPage.titles).toHaveCount(7);
    await todosPage.unfoldFilters();
    for (const control of [
      todosPage.statusFilter("All"),
      page.getByLabel("Sort by"),
      page.getByLabel("Order"),
    ])
      await expect(control).toBeVisible();
    await lists.getByRole("link", { name: "Upcoming" }).click();
    await expect(todosPage.titles).toHaveText(["Tomorrow's", "In three days"]);

    // The keys move between todos, not onto the day headings.
    await page.keyboard.press("j");
    await expect(page.getByRole("checkbox", { name: "Tomorrow's" })).toBeFocused();
    await page.keyboard.press("j");
    await expect(page.getByRole("checkbox", { name: "In three days" })).toBeFocused();
  });
});
