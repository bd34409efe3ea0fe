import AxeBuilder from "@axe-core/playwright";
import type { Locator, Page } from "@playwright/test";

import { expect, testOnTodos as test } from "./fixtures";
import { fetchFromPage, seedTodos } from "./support/accounts";

interface RepeatingTodo {
  id: string;
  title: string;
  completed: boolean;
  due_date: string | null;
  repeat_rule: string | null;
  repeat_from: string;
  time_zone: string | null;
  repeats_after: string | null;
}

/** axe's findings in the page as it stands: none, whatever their impact. */
async function expectNoAxeFindings(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map(({ id, nodes }) => ({ id, targets: nodes.map((node) => node.target) }))).toEqual([]);
}

async function storedTodos(page: Page): Promise<RepeatingTodo[]> {
  const { body } = await fetchFromPage(page, "/api/todos?sort=due&order=asc");
  return (body as { items: RepeatingTodo[] }).items;
}

/** The add form's Repeat field, unfolded under "More options". */
async function chooseRepeat(form: Locator, choice: string): Promise<void> {
  await form.getByLabel("Repeat", { exact: true }).selectOption({ label: choice });
}

test.describe("Repeating todos", () => {
  // Not the machine's zone: the rule must be counted in the browser's.
  test.use({ timezoneId: "Pacific/Auckland" });

  test("weekly on chosen days: completing it shows the next one, and Undo takes both back", async ({
    page,
    todosPage,
  }) => {
    await todosPage.fillAddForm({ title: "Water the plants", due: "2030-01-07" });
    await chooseRepeat(todosPage.addForm, "Weekly on chosen days");
    await todosPage.addForm.getByRole("checkbox", { name: "Monday" }).check();
    await todosPage.addForm.getByRole("checkbox", { name: "Thursday" }).check();
    await todosPage.addForm.getByRole("button", { name: "Add todo" }).click();
    await expect(todosPage.feedback).toHaveText("Added “Water the plants”.");
    const rows = todosPage.items.filter({ hasText: "Water the plants" });
    await expect(rows).toHaveCount(1);
    await expect(rows.getByText("Repeats every Monday and Thursday")).toBeVisible();
    const [created] = await storedTodos(page);
    expect(created).toMatchObject({
      repeat_rule: "FREQ=WEEKLY;BYDAY=MO,TH",
      repeat_from: "due",
      time_zone: "Pacific/Auckland",
    });

    // A click, not check(): check() reads the state again through `rows`, whose first row may by then
    // be the next occurrence, unticked.
    await rows.getByRole("checkbox").click();
    await expect(todosPage.feedback).toHaveText("Marked “Water the plants” as done.");
    // The next one, due the Thursday after, shows in the list at once.
    await expect(rows).toHaveCount(2);
    const next = rows.filter({ has: page.getByRole("checkbox", { checked: false }) });
    await expect(next.locator("time")).toHaveAttribute("datetime", "2030-01-10");
    await expect(next.getByText("Repeats every Monday and Thursday")).toBeVisible();
    await expect(todosPage.undoToast).toContainText("Done: “Water the plants”. The next one is due");
    await expect(todosPage.counts).toHaveText("All your todos: 1 active · 1 completed");
    await expectNoAxeFindings(page);

    await todosPage.undoToast.getByRole("button", { name: "Undo" }).click();
    await expect(todosPage.feedback).toHaveText("Marked “Water the plants” as not done.");
    await expect(rows).toHaveCount(1);
    await expect(rows.getByRole("checkbox")).not.toBeChecked();
    await expect(rows.locator("time")).toHaveAttribute("datetime", "2030-01-07");
    expect((await storedTodos(page)).map((todo) => [todo.due_date, todo.completed])).toEqual([
      ["2030-01-07", false],
    ]);
  });

  test("every N days after done counts from the day it is done, and the form asks for what it needs", async ({
    page,
    todosPage,
  }) => {
    const form = todosPage.addForm;
    await todosPage.fillAddForm({ title: "Descale the kettle" });
    await todosPage.moreOptions.click();
    await chooseRepeat(form, "Every N days after done");
    await form.getByLabel("Days after done", { exact: true }).fill("0");
    await form.getByRole("button", { name: "Add todo" }).click();
    await expect(form.getByText("Choose the day it is first due: a repeating todo needs one.")).toBeVisible();
    await expect(form.getByText("Enter a whole number of days from 1 to 1000.")).toBeVisible();
    await chooseRepeat(form, "Weekly on chosen days");
    await form.getByRole("button", { name: "Add todo" }).click();
    await expect(form.getByText("Choose at least one day.")).toBeVisible();
    await expect(form.getByRole("group", { name: "On" })).toHaveAttribute("aria-invalid", "true");
    await expectNoAxeFindings(page);

    await chooseRepeat(form, "Every N days after done");
    await form.getByLabel("Days after done", { exact: true }).fill("3");
    await form.getByLabel("Due date", { exact: true }).fill("2020-01-01");
    await form.getByRole("button", { name: "Add todo" }).click();
    await expect(todosPage.feedback).toHaveText("Added “Descale the kettle”.");
    await expect(todosPage.item("Descale the kettle").getByText("Repeats 3 days after done")).toBeVisible();

    await todosPage.toggle("Descale the kettle");
    const inAuckland = (days: number) =>
      new Intl.DateTimeFormat("en-CA", { timeZone: "Pacific/Auckland" }).format(
        new Date(Date.now() + days * 86_400_000),
      );
    await expect(todosPage.items).toHaveCount(2);
    const next = (await storedTodos(page)).find((todo) => todo.repeats_after !== null);
    expect(next).toMatchObject({
      due_date: inAuckland(3),
      repeat_rule: "FREQ=DAILY;INTERVAL=3",
      completed: false,
    });

    // Un-completed from its checkbox rather than Undo: the next one goes too.
    await todosPage.items
      .filter({ has: page.getByRole("checkbox", { checked: true }) })
      .getByRole("checkbox")
      .click();
    await expect(todosPage.feedback).toHaveText("Marked “Descale the kettle” as not done.");
    await expect(todosPage.items).toHaveCount(1);
  });

  test("the edit form shows the repetition back, and keeps a rule it cannot edit as it is", async ({
    page,
    todosPage,
  }) => {
    await seedTodos(page, [
      {
        title: "Pay the rent",
        due_date: "2030-01-25",
        repeat_rule: "FREQ=MONTHLY;BYDAY=-1FR",
        time_zone: "Pacific/Auckland",
      },
      { title: "Standup", due_date: "2030-01-07", repeat_rule: "FREQ=WEEKLY;BYDAY=MO", time_zone: "UTC" },
    ]);
    await page.reload();
    await todosPage.expectLoaded();
    await expect(
      todosPage.item("Pay the rent").getByText("Repeats every month on the last Friday"),
    ).toBeVisible();
    await expect(todosPage.item("Standup").getByText("Repeats every Monday")).toBeVisible();

    await page.getByRole("button", { name: "Edit “Standup”" }).click();
    const standup = page.getByRole("form", { name: "Edit “Standup”" });
    await expect(standup.getByLabel("Repeat", { exact: true })).toHaveValue("weekly");
    await expect(standup.getByRole("checkbox", { name: "Monday" })).toBeChecked();
    await chooseRepeat(standup, "Every weekday (Monday to Friday)");
    await standup.getByRole("button", { name: "Save" }).click();
    await expect(todosPage.item("Standup").getByText("Repeats every weekday")).toBeVisible();

    await todosPage.edit("Pay the rent", { title: "Pay the rent (flat)" });
    await expect(
      todosPage.item("Pay the rent (flat)").getByText("Repeats every month on the last Friday"),
    ).toBeVisible();
    const stored = await storedTodos(page);
    expect(stored.map((todo) => [todo.title, todo.repeat_rule])).toEqual([
      ["Standup", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"],
      ["Pay the rent (flat)", "FREQ=MONTHLY;BYDAY=-1FR"],
    ]);
  });
});
