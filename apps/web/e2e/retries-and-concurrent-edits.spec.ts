import { expect, testOnTodos as test } from "./fixtures";
import { fetchFromPage, seedTodos } from "./support/accounts";

// Nothing lost or duplicated: a create retried after its answer was lost makes one todo (Idempotency-Key),
// and a change to a todo someone else changed meanwhile is refused with the fresh values (If-Match, 412).
test.describe("Retries and concurrent edits", () => {
  test("a create whose answer was lost, sent again, makes one todo", async ({ page, todosPage }) => {
    const keys: string[] = [];
    let answerLost = false;
    await page.route("**/api/todos", async (route) => {
      if (route.request().method() !== "POST") return route.fallback();
      keys.push(route.request().headers()["idempotency-key"]);
      if (answerLost) return route.fallback();
      answerLost = true;
      // The todo is created on the server; the browser never hears of it, as after a dropped connection.
      await route.fetch();
      return route.abort("connectionreset");
    });

    await todosPage.tryToAdd({ title: "Call the plumber", tags: "home" });
    await expect(todosPage.addForm.getByRole("alert")).toBeVisible();
    const replayed = page.waitForResponse(
      (response) => response.url().endsWith("/api/todos") && response.request().method() === "POST",
    );
    await todosPage.addForm.getByRole("button", { name: "Add todo" }).click();
    expect((await replayed).headers()["idempotent-replayed"]).toBe("true");
    await expect(todosPage.feedback).toHaveText("Added “Call the plumber”.");
    await todosPage.expectTitles(["Call the plumber"]);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]);

    // A create that succeeded is done with its key: adding the same todo on purpose makes a second one.
    await todosPage.tryToAdd({ title: "Call the plumber", tags: "home" });
    await expect(todosPage.feedback).toHaveText("Added “Call the plumber”.");
    await todosPage.expectTitles(["Call the plumber", "Call the plumber"]);
    expect(new Set(keys).size).toBe(2);
  });

  test("an edit of a todo changed elsewhere is refused, shows the fresh version, and can then be saved", async ({
    page,
    todosPage,
  }) => {
    const [todo] = await seedTodos(page, [{ title: "Water the plants" }]);
    await page.reload();
    await todosPage.expectTitles(["Water the plants"]);
    // Another tab renames it; this page still shows the old version.
    const elsewhere = await fetchFromPage(page, `/api/todos/${todo.id}`, {
      method: "PATCH",
      body: { title: "Water the plants and the lawn" },
    });
    expect(elsewhere.status).toBe(200);

    await page.getByRole("button", { name: "Edit “Water the plants”" }).click();
    const form = page.getByRole("form", { name: "Edit “Water the plants”" });
    await form.getByLabel("Title", { exact: true }).fill("Water the cactus");
    await form.getByRole("button", { name: "Save" }).click();
    const editForm = page.getByRole("form", { name: "Edit “Water the plants and the lawn”" });
    await expect(editForm.getByRole("alert")).toContainText(
      "changed elsewhere while you edited it: it is now “Water the plants and the lawn”",
    );
    // Nothing was overwritten, and what was typed is still there.
    const stored = await fetchFromPage(page, `/api/todos/${todo.id}`);
    expect(stored.body).toMatchObject({ title: "Water the plants and the lawn" });
    await expect(editForm.getByLabel("Title", { exact: true })).toHaveValue("Water the cactus");

    // Saving again, knowingly, replaces the version now shown.
    await editForm.getByRole("button", { name: "Save" }).click();
    await expect(todosPage.feedback).toHaveText("Saved “Water the cactus”.");
    expect((await fetchFromPage(page, `/api/todos/${todo.id}`)).body).toMatchObject({
      title: "Water the cactus",
    });
  });

  test("a delete of a todo changed elsewhere is refused and the fresh version is shown", async ({
    page,
    todosPage,
  }) => {
    const [todo] = await seedTodos(page, [{ title: "Renew the lease" }]);
    await page.reload();
    await todosPage.expectTitles(["Renew the lease"]);
    const elsewhere = await fetchFromPage(page, `/api/todos/${todo.id}`, {
      method: "PATCH",
      body: { completed: true, tags: ["urgent"] },
    });
    expect(elsewhere.status).toBe(200);

    await page.getByRole("button", { name: "Delete “Renew the lease”" }).click();
    await todosPage.item("Renew the lease").getByRole("button", { name: "Yes, delete" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "was changed elsewhere" })).toHaveText(
      "“Renew the lease” was changed elsewhere, so it was not deleted. It now shows the latest version; delete it again if you still want to.",
    );
    const item = todosPage.item("Renew the lease");
    await expect(item.getByRole("checkbox")).toBeChecked();
    await expect(item).toContainText("#urgent");
    expect((await fetchFromPage(page, `/api/todos/${todo.id}`)).status).toBe(200);

    await todosPage.delete("Renew the lease");
    expect((await fetchFromPage(page, `/api/todos/${todo.id}`)).status).toBe(404);
  });
});
