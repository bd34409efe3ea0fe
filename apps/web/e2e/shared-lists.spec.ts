import type { Page } from "@playwright/test";
import { expect, test, testWithOwnApi } from "./fixtures";
import { fetchFromPage, newCredentials, seedTodos, signUpThroughApi } from "./support/accounts";
import { BrowserAudit } from "./support/browser-audit";
import { linkIn, mailTo } from "./support/mail";
import { SignInPage, TodosPage } from "./support/pages";
import { freePort, webEnvironment } from "./support/run";

// Issue 23 in two browsers: an owner shares a list by a mailed invitation (read from the run's real
// SMTP server), the editor's todo reaches the owner's open page without a reload, and a removed
// editor's open page stops showing the list.

/** Enough for one refresh of an open page (use-lists.ts, LIVE_REFRESH_MS) on a busy machine. */
const LIVE_UPDATE_TIMEOUT = 15_000;

async function createList(page: Page, name: string): Promise<void> {
  const lists = page.getByRole("navigation", { name: "Lists" });
  await lists.getByRole("textbox", { name: "New list" }).fill(name);
  await lists.getByRole("button", { name: "Create list" }).click();
  await expect(page).toHaveURL(/\/todos\?list=[0-9a-f-]{36}$/);
  await expect(page.getByTestId("current-list")).toContainText(name);
}

test.describe("Shared lists", () => {
  test("an owner shares a list by mail with an editor, sees the editor's todo live, and removes the editor", async ({
    page,
    request,
    signedInUser: owner,
    browser,
    baseURL,
    openDevice,
  }) => {
    test.setTimeout(120_000);
    const editor = newCredentials("editor");
    const stranger = newCredentials("stranger");
    // `request` keeps its own cookies: the owner's browser stays signed in as the owner.
    for (const user of [editor, stranger]) await signUpThroughApi(request, baseURL!, user);
    const audit = await BrowserAudit.watch(page);
    const ownerTodos = new TodosPage(page);

    await ownerTodos.goto();
    await createList(page, "Groceries");
    await audit.expectClean("/todos with a list of one's own");

    await page.getByRole("button", { name: "Share" }).click();
    const dialog = page.getByRole("dialog", { name: "Share “Groceries”" });
    await dialog.getByLabel("Email address").fill(editor.email);
    await dialog.getByLabel("Role", { exact: true }).selectOption("editor");
    const invited = page.waitForResponse(
      (response) => response.url().includes("/invitations") && response.request().method() === "POST",
    );
    await dialog.getByRole("button", { name: "Send invitation" }).click();
    // The one-time token goes to the invitee's mailbox only, never to the inviter's browser.
    const answer = await invited;
    expect(answer.status()).toBe(201);
    expect(await answer.json()).not.toHaveProperty("token");
    await expect(dialog.getByRole("status")).toContainText(`Invitation mailed to ${editor.email}`);
    await audit.expectClean("the share dialog after an invitation");
    await dialog.getByRole("button", { name: "Close" }).click();

    const mail = await mailTo(editor.email);
    expect(mail.subject).toBe("A Todo list was shared with you");
    expect(mail.text).toContain(`“${owner.name}” invited you`);
    const link = linkIn(mail);
    expect(link).toMatch(/\/invitations\/accept\?token=[A-Za-z0-9_-]+$/);

    // Another account cannot use the link, and is told why.
    const strangerPage = await openDevice(stranger);
    await strangerPage.goto(link);
    await strangerPage.getByRole("button", { name: "Join the list" }).click();
    await expect(
      strangerPage.getByRole("alert").filter({
        hasText:
          "This invitation was sent to another email address. Sign in with the address it was sent to, then open the link again.",
      }),
    ).toBeVisible();

    // The editor follows the link signed out, signs in, and comes back to it.
    const editorContext = await browser.newContext({ baseURL });
    const editorPage = await editorContext.newPage();
    const editorAudit = await BrowserAudit.watch(editorPage);
    await editorPage.goto(link);
    await expect(editorPage).toHaveURL(/\/sign-in\?next=%2Finvitations%2Faccept/);
    await new SignInPage(editorPage).signIn(editor);
    await expect(editorPage).toHaveURL(/\/invitations\/accept\?token=/);
    await editorPage.getByRole("button", { name: "Join the list" }).click();
    await expect(editorPage.getByRole("status")).toContainText("You joined “Groceries” as editor.");
    await editorAudit.expectClean("/invitations/accept, accepted");
    await editorPage.getByRole("link", { name: "Open the list" }).click();
    const editorTodos = new TodosPage(editorPage);
    await expect(editorPage.getByTestId("current-list")).toContainText("Groceries");

    // A used link says so.
    await strangerPage.goto(link);
    await strangerPage.getByRole("button", { name: "Join the list" }).click();
    await expect(
      strangerPage.getByRole("alert").filter({ hasText: "This invitation is no longer open" }),
    ).toBeVisible();

    // The editor adds a todo; the owner's open page shows it without a reload.
    await editorTodos.add({ title: "Oat milk" });
    await expect(ownerTodos.item("Oat milk")).toBeVisible({ timeout: LIVE_UPDATE_TIMEOUT });

    // The owner removes the editor, whose open page then stops showing the list and its todos.
    await page.getByRole("button", { name: "Share" }).click();
    await expect(dialog.getByTestId("list-member")).toHaveCount(2);
    await audit.expectClean("the share dialog with two members");
    await dialog.getByRole("button", { name: `Remove ${editor.name} from the list` }).click();
    await expect(dialog.getByRole("status")).toHaveText(`${editor.name} was removed from the list.`);
    await expect(dialog.getByTestId("list-member")).toHaveCount(1);
    await expect(
      editorPage
        .getByRole("alert")
        .filter({ hasText: "This list no longer exists, or you are no longer a member of it." }),
    ).toBeVisible({ timeout: LIVE_UPDATE_TIMEOUT });
    await expect(editorTodos.item("Oat milk")).toHaveCount(0);
    // And the BFF gives the editor nothing of it any more.
    const listId = new URL(page.url()).searchParams.get("list")!;
    expect((await fetchFromPage(editorPage, `/api/todos?list_id=${listId}`)).status).toBe(404);
    expect((await fetchFromPage(editorPage, `/api/lists/${listId}/members`)).status).toBe(404);
    await expect(editorPage.getByRole("navigation", { name: "Lists" }).getByText("Groceries")).toHaveCount(0);
    await editorAudit.expectClean("/todos of a list one was removed from");

    // The last owner cannot leave; the refusal is shown in words.
    await dialog.getByRole("button", { name: "Leave this list" }).click();
    await expect(dialog.getByRole("alert")).toHaveText(
      "A list needs an owner: make another member owner first, or delete the list.",
    );
    await editorContext.close();
  });

  test("a viewer sees a shared list's todos without a control that would change them, in the list and among all their todos", async ({
    page,
    request,
    signedInUser: _owner,
    baseURL,
    openDevice,
  }) => {
    test.setTimeout(90_000);
    const viewer = newCredentials("viewer");
    await signUpThroughApi(request, baseURL!, viewer);
    const ownerTodos = new TodosPage(page);
    await ownerTodos.goto();
    await createList(page, "Recipes");
    await ownerTodos.add({ title: "Bake bread", tags: "weekend" });
    await ownerTodos.add({ title: "Try the soup" });
    await ownerTodos.toggle("Try the soup");
    await page.getByRole("button", { name: "Share" }).click();
    const dialog = page.getByRole("dialog", { name: "Share “Recipes”" });
    await dialog.getByLabel("Email address").fill(viewer.email);
    await dialog.getByLabel("Role", { exact: true }).selectOption("viewer");
    await dialog.getByRole("button", { name: "Send invitation" }).click();
    await expect(dialog.getByRole("status")).toContainText(`Invitation mailed to ${viewer.email}`);

    // Read before the viewer signs in, which mails them too.
    const link = linkIn(await mailTo(viewer.email));
    const viewerPage = await openDevice(viewer);
    await viewerPage.goto(link);
    await viewerPage.getByRole("button", { name: "Join the list" }).click();
    await expect(viewerPage.getByRole("status")).toContainText("You joined “Recipes” as viewer.");
    await seedTodos(viewerPage, [{ title: "My own errand" }]);
    await viewerPage.getByRole("link", { name: "Open the list" }).click();
    const viewerTodos = new TodosPage(viewerPage);
    await expect(viewerPage.getByTestId("current-list")).toContainText("you are viewer");

    /** The shared todo is shown, done or not in words, and nothing in its row changes it. */
    const expectOnlyShown = async (title: string, state: "Done" | "Not done") => {
      const item = viewerTodos.item(title);
      await expect(item).toBeVisible();
      await expect(item.getByRole("checkbox")).toHaveCount(0);
      await expect(item.getByRole("combobox")).toHaveCount(0);
      await expect(item).toContainText(`${state}:`);
      // Its tags still filter the list, which changes nothing.
      await expect(item.getByRole("button")).toHaveText(title === "Bake bread" ? ["#weekend"] : []);
    };
    await expectOnlyShown("Bake bread", "Not done");
    await expectOnlyShown("Try the soup", "Done");
    await expect(viewerTodos.addForm).toHaveCount(0);
    await expect(viewerPage.getByRole("button", { name: "Clear completed" })).toHaveCount(0);

    // Among all their todos, their own keeps its controls and the shared ones still have none.
    await viewerPage
      .getByRole("navigation", { name: "Lists" })
      .getByRole("link", { name: "All lists" })
      .click();
    await expectOnlyShown("Bake bread", "Not done");
    // The only completed todo is in the list they view: there is nothing of theirs to clear.
    await expect(viewerPage.getByTestId("todo-counts")).toContainText("1 completed");
    await expect(viewerPage.getByRole("button", { name: "Clear completed" })).toHaveCount(0);
    await expect(viewerTodos.item("My own errand").getByRole("checkbox")).toBeVisible();
    await expect(viewerPage.getByRole("button", { name: "Edit “My own errand”" })).toBeVisible();
    await expect(viewerPage.getByRole("button", { name: "Delete “My own errand”" })).toBeVisible();
  });

  test("a page with nothing shared asks for its lists seldom, and every few seconds once a list has an invitation out", async ({
    page,
    signedInUser: _owner,
  }) => {
    test.setTimeout(60_000);
    const listReads: number[] = [];
    page.on("request", (request) => {
      if (request.method() === "GET" && new URL(request.url()).pathname === "/api/lists")
        listReads.push(Date.now());
    });
    /** How many times the open page asked for the lists in `ms`, the person doing nothing. */
    const readsWhileIdle = async (ms: number) => {
      const before = listReads.length;
      await page.waitForTimeout(ms);
      return listReads.length - before;
    };
    const todos = new TodosPage(page);
    await todos.goto();
    expect(await readsWhileIdle(10_000)).toBe(0);

    await createList(page, "Just mine");
    await page.getByRole("button", { name: "Share" }).click();
    const dialog = page.getByRole("dialog", { name: "Share “Just mine”" });
    await dialog.getByLabel("Email address").fill(newCredentials("invitee").email);
    await dialog.getByRole("button", { name: "Send invitation" }).click();
    await expect(dialog.getByRole("status")).toContainText("Invitation mailed to");
    await dialog.getByRole("button", { name: "Close" }).click();
    // Someone may join and change the list any moment: the page follows (use-lists.ts, LIVE_REFRESH_MS).
    expect(await readsWhileIdle(10_000)).toBeGreaterThanOrEqual(2);
  });
});

testWithOwnApi(
  "an account past its invitations for the hour is told so, with when it may send the next",
  async ({ page, api, signedInUser: _owner }) => {
    testWithOwnApi.setTimeout(90_000);
    // Each invitation mails an address the inviter chose; this API lets an account send one an hour.
    await api.start({ API_INVITATION_RATE_LIMIT: "1/hour" });
    const owner = new TodosPage(page);
    await owner.goto();
    await createList(page, "Groceries");
    await page.getByRole("button", { name: "Share" }).click();
    const dialog = page.getByRole("dialog", { name: "Share “Groceries”" });
    for (const email of ["first@example.com", "second@example.com"]) {
      await dialog.getByLabel("Email address").fill(email);
      await dialog.getByRole("button", { name: "Send invitation" }).click();
      if (email.startsWith("first"))
        await expect(dialog.getByRole("status")).toContainText(`Invitation mailed to ${email}`);
    }
    await expect(dialog.getByRole("alert")).toHaveText(
      /^Too many invitations from this account; try again in \d+ (s|minutes)\.$/,
    );
  },
);

test("an invitation whose mail the mail server did not take is not reported as mailed", async ({
  page,
  run,
  servers,
}) => {
  test.setTimeout(90_000);
  const [closedPort, webPort] = await Promise.all([freePort(), freePort()]);
  const origin = `http://127.0.0.1:${webPort}`;
  // A web server of its own whose SMTP server does not answer (nothing listens on that port).
  await servers.web({
    ...webEnvironment({ origin, apiUrl: run.apiUrl, jwtSecret: run.jwtSecret, issuer: run.webUrl }),
    SMTP_URL: `smtp://127.0.0.1:${closedPort}`,
  });
  await signUpThroughApi(page.context().request, origin, newCredentials("owner"));
  await page.goto(`${origin}/todos`);
  await createList(page, "Groceries");
  await page.getByRole("button", { name: "Share" }).click();
  const dialog = page.getByRole("dialog", { name: "Share “Groceries”" });
  await dialog.getByLabel("Email address").fill("friend@example.com");
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  await expect(dialog.getByRole("alert")).toHaveText(
    "The invitation to friend@example.com could not be mailed: our mail server did not take it. Send it again in a moment.",
  );
  // The address stays, to send again as the message says.
  await expect(dialog.getByLabel("Email address")).toHaveValue("friend@example.com");
});
