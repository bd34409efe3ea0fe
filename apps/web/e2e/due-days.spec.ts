import { expect, testOnTodos as test } from "./fixtures";
import { fetchFromPage } from "./support/accounts";

test.describe("Due days without a time", () => {
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
