import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import pg from "pg";
import { expect, test } from "./fixtures";
import { fetchFromPage, seedTodos } from "./support/accounts";

/**
 * Export and import on the account page (issue 24, item 6), in Chromium against the real web app,
 * API and PostgreSQL: the exports download files that hold the todos; a Todoist CSV is imported with a
 * report of what was skipped, and importing it again adds nothing.
 */

const TODOIST_CSV = [
  "TYPE,CONTENT,DESCRIPTION,PRIORITY,INDENT,AUTHOR,RESPONSIBLE,DATE,DATE_LANG,TIMEZONE,DURATION,DURATION_UNIT",
  "section,Errands,,,,,,,,,,",
  "task,Buy milk @shop,Two litres,1,1,Ann (1),,2026-12-24,en,Europe/Paris,,",
  ",,,,,,,,,,,",
  "note,Remember the cake,,,,,,,,,,",
  'task,"Call mum, about ""Sunday""",,4,1,,,,,,,',
].join("\n");

async function downloaded(page: Page, button: string): Promise<{ name: string; text: string }> {
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: button }).click();
  const file = await download;
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), "utf8") };
}

async function importFile(page: Page, name: string, content: string): Promise<void> {
  await page.getByLabel(/Todoist CSV file/).setInputFiles({
    name,
    mimeType: "text/csv",
    buffer: Buffer.from(content),
  });
  await page.getByRole("button", { name: "Import", exact: true }).click();
}

test.describe("Export and import", () => {
  test("the exports download files that hold my todos and my account, and no secret", async ({
    page,
    todosPage,
    accountPage,
    signedInUser,
  }) => {
    await todosPage.goto();
    await seedTodos(page, [{ title: "Pay rent, today" }, { title: "=1+1", tags: ["money"] }]);
    await accountPage.goto();

    const json = await downloaded(page, "Download all data (JSON)");
    expect(json.name).toMatch(/^todos-\d{4}-\d{2}-\d{2}\.json$/);
    const document = JSON.parse(json.text);
    expect(document.account).toMatchObject({ email: signedInUser.email, name: signedInUser.name });
    expect(document.account.sign_in_methods).toEqual({ password: true, two_factor: false, passkeys: [] });
    // The account's creation, with what the account page shows of it.
    expect(document.security_events).toEqual([
      {
        at: expect.any(String),
        kind: "account_created",
        method: null,
        device: expect.any(String),
        network: expect.any(String),
      },
    ]);
    expect(document.lists.map((list: { name: string; role: string }) => [list.name, list.role])).toEqual([
      ["Inbox", "owner"],
    ]);
    expect(document.todos.map((todo: { title: string }) => todo.title).sort()).toEqual([
      "=1+1",
      "Pay rent, today",
    ]);
    expect(json.text).not.toMatch(/password_hash|"token"|secret|session_token/i);

    const csv = await downloaded(page, "Download todos (CSV)");
    expect(csv.name).toMatch(/^todos-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.text).toContain('"Pay rent, today"');
    expect(csv.text).toContain("'=1+1"); // a spreadsheet shows it as text, never runs it
  });

  test("a large export reaches the browser as a stream through the BFF, its start before its end", async ({
    page,
    run,
    todosPage,
    signedInUser,
  }) => {
    await todosPage.goto();
    const [first] = await seedTodos(page, [{ title: "first" }]);
    const db = new pg.Client({ connectionString: run.databaseUrl });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO todo_api.todos (owner_id, list_id, title, description, created_at)
         SELECT t.owner_id, t.list_id, 'todo ' || n, repeat('d', 300), now() + n * interval '1 ms'
         FROM todo_api.todos t, generate_series(1, 29999) AS n WHERE t.id = $1`,
        [first!.id],
      );
    } finally {
      await db.end();
    }
    const read = await page.evaluate(async () => {
      const started = performance.now();
      const response = await fetch("/api/export", { headers: { "X-CSRF": "1" } });
      const reader = response.body!.getReader();
      const chunks: Uint8Array[] = [];
      let firstChunkAt = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (chunks.length === 0) firstChunkAt = performance.now() - started;
        chunks.push(value);
      }
      const wholeAt = performance.now() - started;
      const document = JSON.parse(await new Blob(chunks as BlobPart[]).text());
      return { firstChunkAt, wholeAt, todos: document.todos.length, email: document.account.email };
    });
    expect(read).toMatchObject({ todos: 30_000, email: signedInUser.email });
    expect(read.firstChunkAt, JSON.stringify(read)).toBeLessThan(read.wholeAt / 4);
  });

  test("a Todoist CSV becomes todos with a report, and importing it again adds nothing", async ({
    page,
    todosPage,
    accountPage,
    signedInUser: _signedIn,
  }) => {
    await accountPage.goto();
    await importFile(page, "Errands.csv", TODOIST_CSV);
    const report = page.getByTestId("import-report");
    await expect(report.getByRole("status")).toContainText("2 todos imported into your Inbox.");
    await expect(report.getByRole("list", { name: "Skipped rows" }).getByRole("listitem")).toHaveText([
      'Row 2: A "section" row: only tasks are imported.',
      'Row 5: A "note" row: only tasks are imported.',
    ]);

    await report.getByRole("link", { name: "See your todos" }).click();
    await todosPage.expectLoaded();
    await todosPage.expectTitles(["Buy milk", 'Call mum, about "Sunday"']);
    await expect(todosPage.items.first()).toContainText("shop");

    await accountPage.goto();
    await importFile(page, "Errands.csv", TODOIST_CSV);
    await expect(report.getByRole("status")).toContainText(
      "0 todos imported into your Inbox. 2 tasks were imported before and not added again.",
    );
    await todosPage.goto();
    await todosPage.expectTitles(["Buy milk", 'Call mum, about "Sunday"']);
  });

  test("a file that is not a Todoist CSV is refused in words, and nothing is imported", async ({
    page,
    todosPage,
    accountPage,
    signedInUser: _signedIn,
  }) => {
    await accountPage.goto();
    const refusal = page.getByRole("region", { name: "Import from Todoist" }).getByRole("alert");
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await expect(refusal).toHaveText("Choose a CSV file exported from Todoist.");
    await importFile(page, "contacts.csv", "name,phone\nAnn,123\n");
    await expect(refusal).toContainText("This is not a Todoist CSV: it has no TYPE or CONTENT column.");
    await importFile(page, "huge.csv", "x".repeat(1024 * 1024 + 1));
    await expect(refusal).toHaveText(
      "This file is larger than 1 MB. Export fewer projects from Todoist at a time.",
    );
    // The BFF refuses a larger body itself, whatever the page checked, before the API sees it.
    const tooLarge = await fetchFromPage(page, "/api/import/todoist", {
      method: "POST",
      body: "x".repeat(1024 * 1024),
    });
    expect(tooLarge).toMatchObject({ status: 413, body: { code: "body_too_large" } });
    await todosPage.goto();
    await todosPage.expectTitles([]);
  });
});
