import type { Page } from "@playwright/test";
import { expect, testOnTodos as test } from "./fixtures";
import { fetchFromPage } from "./support/accounts";

// The one-line add reads what is typed in the person's language and time zone, shows what it
// understood before Enter, and keeps any phrase as text on a click or on Escape.

interface SavedTodo {
  title: string;
  repeat_rule: string | null;
  repeat_from: string;
  time_zone: string | null;
  priority: string;
  tags: string[];
  due_at: string | null;
  due_date: string | null;
}

async function saved(page: Page): Promise<SavedTodo[]> {
  const { status, body } = await fetchFromPage(page, "/api/todos");
  expect(status).toBe(200);
  return (body as { items: SavedTodo[] }).items;
}

/** Tomorrow in the page's own calendar and zone, as the day and as that day at `hour`:00 (epoch ms). */
function tomorrowInPage(page: Page, hour: number) {
  return page.evaluate((at) => {
    const now = new Date();
    const moment = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, at);
    const pad = (value: number) => String(value).padStart(2, "0");
    return {
      day: `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}`,
      moment: moment.getTime(),
    };
  }, hour);
}

test.describe("Quick capture in English, far from UTC", () => {
  test.use({ locale: "en-US", timezoneId: "Pacific/Kiritimati" });

  test("a title with a date, a tag and a priority is saved as those fields", async ({ page, todosPage }) => {
    const title = todosPage.addForm.getByRole("textbox", { name: "Title" });
    await title.fill("pay rent tomorrow 9am #home !high");
    const understood = todosPage.addForm.getByRole("list", { name: "Understood" });
    await expect(understood.getByRole("button")).toHaveText([
      /^Due tomorrow, 9:00\sAM/,
      /^#home/,
      /^High priority/,
    ]);
    await title.press("Enter");
    await expect(todosPage.titles).toHaveText(["pay rent"]);

    const [todo] = await saved(page);
    const tomorrow = await tomorrowInPage(page, 9);
    expect(todo).toMatchObject({ title: "pay rent", priority: "high", tags: ["home"], due_date: null });
    expect(Date.parse(todo.due_at!)).toBe(tomorrow.moment);
    // Ready for the next one: nothing understood is left over.
    await expect(understood).toBeHidden();
  });

  test("“every …” makes a repeating todo, counted in the browser's zone", async ({ page, todosPage }) => {
    const title = todosPage.addForm.getByRole("textbox", { name: "Title" });
    await title.fill("water the plants every 3 days after done");
    const understood = todosPage.addForm.getByRole("list", { name: "Understood" });
    await expect(understood.getByRole("button")).toHaveText([/^Repeats/]);
    await title.press("Enter");
    await expect(todosPage.titles).toHaveText(["water the plants"]);
    expect((await saved(page))[0]).toMatchObject({
      repeat_rule: "INTERVAL=3;FREQ=DAILY",
      repeat_from: "completion",
      time_zone: "Pacific/Kiritimati",
    });
  });

  test("Escape keeps the last phrase as text, a click keeps any", async ({ page, todosPage }) => {
    const title = todosPage.addForm.getByRole("textbox", { name: "Title" });
    await title.fill("book club tomorrow #reading");
    const understood = todosPage.addForm.getByRole("list", { name: "Understood" });
    await expect(understood.getByRole("button")).toHaveCount(2);
    await title.press("Escape");
    await expect(understood.getByRole("button")).toHaveText([/^Due tomorrow/]);
    await understood.getByRole("button", { name: /keep “tomorrow” as text/ }).click();
    await expect(understood).toBeHidden();
    await title.press("Enter");
    await expect(todosPage.titles).toHaveText(["book club tomorrow #reading"]);
    expect((await saved(page))[0]).toMatchObject({ tags: [], due_at: null, due_date: null });
  });
});

test.describe("Quick capture in German", () => {
  test.use({ locale: "de-DE", timezoneId: "Europe/Berlin" });

  test("“morgen um 9 Uhr” is tomorrow at nine", async ({ page, todosPage }) => {
    const title = todosPage.addForm.getByRole("textbox", { name: "Title" });
    await title.fill("Zahnarzt morgen um 9 Uhr");
    await expect(todosPage.addForm.getByRole("list", { name: "Understood" }).getByRole("button")).toHaveCount(
      1,
    );
    await title.press("Enter");
    await expect(todosPage.titles).toHaveText(["Zahnarzt"]);
    const tomorrow = await tomorrowInPage(page, 9);
    expect(Date.parse((await saved(page))[0].due_at!)).toBe(tomorrow.moment);
  });
});
