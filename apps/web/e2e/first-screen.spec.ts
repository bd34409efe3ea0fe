import type { Page } from "@playwright/test";
import { expect, testOnTodos as test } from "./fixtures";
import { SESSION_COOKIE, seedTodos } from "./support/accounts";
import { EVERYDAY_TODOS } from "./support/everyday-todos";
import { JWT_PATTERN } from "./support/jwt-scan";
import { TodosPage } from "./support/pages";

// The list and the counts are in the page the server sends (issue 21, "First screen on a phone"): the
// browser does not wait for its scripts to ask for them, and the page carries no token or cookie.
test.describe("First screen", () => {
  test("the first page of the list, as the address filters it, and the counts come with the HTML", async ({
    page,
    browser,
    baseURL,
  }) => {
    await seedTodos(page, [
      { title: "Water the ferns", tags: ["home"] },
      { title: "Book the dentist", tags: ["health"], completed: true },
      { title: "Answer the landlord", tags: ["home"] },
    ]);
    const address = "/todos?status=active&sort=title&order=asc";

    // Without JavaScript, only what the server wrote can show.
    const scriptless = await browser.newContext({
      baseURL,
      javaScriptEnabled: false,
      storageState: await page.context().storageState(),
    });
    const bare = new TodosPage(await scriptless.newPage());
    const answer = await bare.page.goto(address);
    await bare.expectTitles(["Answer the landlord", "Water the ferns"]);
    await expect(bare.counts).toHaveText("All your todos: 2 active · 1 completed");
    const html = await answer!.text();
    expect(html).not.toMatch(JWT_PATTERN);
    const cookie = (await scriptless.cookies()).find(({ name }) => name === SESSION_COOKIE);
    expect(cookie).toBeDefined();
    expect(html).not.toContain(cookie!.value);
    expect(html).not.toContain(encodeURIComponent(cookie!.value));
    await scriptless.close();

    // With JavaScript, the dashboard takes over what came with the page instead of asking again.
    const asked: string[] = [];
    page.on("request", (request) => {
      const { pathname } = new URL(request.url());
      if (pathname === "/api/todos" || pathname === "/api/todos/counts") asked.push(request.url());
    });
    await page.goto(address);
    const todosPage = new TodosPage(page);
    await todosPage.expectTitles(["Answer the landlord", "Water the ferns"]);
    await expect(todosPage.counts).toHaveText("All your todos: 2 active · 1 completed");
    await page.waitForLoadState("networkidle");
    expect(asked).toEqual([]);
    // And it is the dashboard's own: a change refreshes the list and the counts as before.
    await todosPage.add({ title: "Buy stamps" });
    await expect(todosPage.counts).toHaveText("All your todos: 3 active · 1 completed");
  });

  test.describe("in a browser in another time zone than the server's", () => {
    test.use({ timezoneId: "Pacific/Kiritimati" });

    test("a due moment shows in the reader's time, and the page takes over the server's without an error", async ({
      page,
    }) => {
      const dueAt = new Date(Date.now() + 3 * 60 * 60 * 1000).toISOString();
      await seedTodos(page, [{ title: "Call the plumber", due_at: dueAt }]);
      const errors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(message.text());
      });
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto("/todos");
      const todosPage = new TodosPage(page);
      const readersTime = await page.evaluate(
        (due) => new Intl.DateTimeFormat(undefined, { timeStyle: "short" }).format(new Date(due)),
        dueAt,
      );
      await expect(todosPage.item("Call the plumber").locator("time")).toContainText(readersTime);
      await page.waitForLoadState("networkidle");
      expect(errors).toEqual([]);
    });
  });
});

/** The everyday todos due at 22:22 of their days, whose time of day reads longest ("10:22 PM"). */
const AT_THE_LONGEST_TIME = EVERYDAY_TODOS.map((todo) => {
  if (!todo.due_at) return todo;
  const due = new Date(todo.due_at);
  due.setHours(22, 22);
  return { ...todo, due_at: due.toISOString() };
});

/** How many todos the first screen shows whole, each with its title, checkbox and actions. */
async function todosFullyInView(page: Page): Promise<number> {
  const todosPage = new TodosPage(page);
  await expect(todosPage.items).toHaveCount(EVERYDAY_TODOS.length);
  // The due moments show once the page has hydrated; the rows are measured as they then are.
  await expect(todosPage.item("Renew the passport").locator("time")).toBeVisible();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  let whole = 0;
  for (const item of await todosPage.items.all()) {
    if (!(await item.isVisible())) break;
    const box = (await item.boundingBox())!;
    if (box.y + box.height > page.viewportSize()!.height) break;
    await expect(item.getByRole("checkbox")).toBeVisible();
    await expect(item.getByRole("button", { name: /^Edit “/ })).toBeVisible();
    await expect(item.getByRole("button", { name: /^Delete “/ })).toBeVisible();
    whole += 1;
  }
  return whole;
}

// Compact rows (issue 21, "a look worth paying for"): a list worth keeping fits a screen at a glance.
test.describe("Compact rows", () => {
  test.describe("on a 1280×800 desktop", () => {
    test.use({ viewport: { width: 1280, height: 800 } });

    test("ten everyday todos show whole on the first screen", async ({ page }) => {
      await seedTodos(page, AT_THE_LONGEST_TIME);
      await page.reload();
      expect(await todosFullyInView(page)).toBeGreaterThanOrEqual(10);
    });
  });

  test.describe("on a 375×667 phone", () => {
    test.use({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true });

    test("five everyday todos show whole on the first screen", async ({ page }) => {
      await seedTodos(page, AT_THE_LONGEST_TIME);
      await page.reload();
      expect(await todosFullyInView(page)).toBeGreaterThanOrEqual(5);
    });
  });
});
