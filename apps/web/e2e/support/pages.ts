import { expect, type Locator, type Page } from "@playwright/test";

import type { Credentials } from "./accounts";

/**
 * One class per page, written against what a person sees (labels, roles, button names), so that a
 * renamed button breaks one line here rather than every test. The few test ids are the app's own.
 */

export const SESSION_ENDED_MESSAGE = "Your session has ended. Please sign in again.";
export const UNREACHABLE_MESSAGE = "We could not reach the server. Check your connection and try again.";

/** The part of a URL the app controls: path and query, e.g. "/sign-in?next=%2Ftodos". */
export function pathOf(page: Page): string {
  const url = new URL(page.url());
  return url.pathname + url.search;
}

export class SignUpPage {
  readonly submitButton: Locator;

  constructor(readonly page: Page) {
    this.submitButton = page.getByRole("button", { name: "Create account" });
  }

  field(label: "Name" | "Email" | "Password" | "Confirm password"): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  async goto(): Promise<void> {
    await this.page.goto("/sign-up");
    await expect(this.page.getByRole("heading", { name: "Create an account" })).toBeVisible();
  }

  async fill({ name, email, password }: Credentials, confirmation = password): Promise<void> {
    await this.field("Name").fill(name);
    await this.field("Email").fill(email);
    await this.field("Password").fill(password);
    await this.field("Confirm password").fill(confirmation);
  }
}

export class SignInPage {
  readonly submitButton: Locator;

  constructor(readonly page: Page) {
    this.submitButton = page.getByRole("button", { name: "Sign in", exact: true });
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/sign-in${query}`);
    await this.expectShown();
  }

  async expectShown(): Promise<void> {
    await expect(this.page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  }

  async signIn({ email, password }: Pick<Credentials, "email" | "password">): Promise<void> {
    await this.page.getByLabel("Email", { exact: true }).fill(email);
    await this.page.getByLabel("Password", { exact: true }).fill(password);
    await this.submitButton.click();
  }
}

/** Header of every signed-in page. */
export class AppHeader {
  constructor(readonly page: Page) {}

  async signOut(): Promise<void> {
    await this.page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(this.page).toHaveURL(/\/sign-in(\?|$)/);
  }

  async openAccount(): Promise<void> {
    await this.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Account" }).click();
    await expect(this.page.getByRole("heading", { name: "Account", level: 1 })).toBeVisible();
  }
}

export interface TodoFields {
  title: string;
  description?: string;
  priority?: "Low" | "Medium" | "High";
  /** A day, "2030-05-01", or a day and time, "2030-05-01T09:00". */
  due?: string;
  /** Comma-separated, as typed. */
  tags?: string;
}

/** The add form and each edit form have the same fields; only the fields given are changed. */
async function fillTodoForm(
  form: Locator,
  { title, description, priority, due, tags }: Partial<TodoFields>,
): Promise<void> {
  const field = (label: string) => form.getByLabel(label, { exact: true });
  if (title !== undefined) await field("Title").fill(title);
  if (description !== undefined) await field("Description").fill(description);
  if (priority !== undefined) await field("Priority").selectOption({ label: priority });
  if (due !== undefined) {
    const [day, time = ""] = due.split("T");
    await field("Due date").fill(day);
    await field("Time").fill(time);
  }
  if (tags !== undefined) await field("Tags").fill(tags);
}

/** Opens a disclosure (a button with `aria-expanded`) unless it is open already. */
export async function unfold(toggle: Locator): Promise<void> {
  if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
}

export class TodosPage {
  readonly items: Locator;
  readonly titles: Locator;
  readonly addForm: Locator;
  readonly feedback: Locator;
  readonly emptyState: Locator;
  /** "All your todos: 2 active · 1 completed". */
  readonly counts: Locator;
  /** The notice that offers to undo a deletion. */
  readonly undoToast: Locator;
  readonly header: AppHeader;

  constructor(readonly page: Page) {
    this.counts = page.getByTestId("todo-counts");
    this.undoToast = page.getByTestId("undo-toast");
    this.items = page.getByTestId("todo-item");
    this.titles = page.getByTestId("todo-title");
    this.addForm = page.getByRole("form", { name: "Add a todo" });
    this.feedback = page.getByTestId("todo-feedback");
    this.emptyState = page.getByTestId("todo-empty");
    this.header = new AppHeader(page);
  }

  async goto(): Promise<void> {
    await this.page.goto("/todos");
    await this.expectLoaded();
  }

  /** The dashboard is shown and its first load has finished (a list, an empty state, or an error). */
  async expectLoaded(): Promise<void> {
    await expect(this.page.getByRole("heading", { name: "Todos", level: 1 })).toBeVisible();
    await expect(this.page.getByTestId("todo-loading")).toHaveCount(0);
  }

  item(title: string): Locator {
    return this.items.filter({ has: this.page.getByTestId("todo-title").getByText(title, { exact: true }) });
  }

  /** The add form's "More options" toggle, which unfolds every field but the title. */
  get moreOptions(): Locator {
    return this.addForm.getByRole("button", { name: "More options" });
  }

  async fillAddForm(fields: TodoFields): Promise<void> {
    const { title: _, ...details } = fields;
    if (Object.values(details).some((value) => value !== undefined)) await unfold(this.moreOptions);
    await fillTodoForm(this.addForm, fields);
  }

  /** Fills and sends the add form, whatever comes of it. */
  async tryToAdd(fields: TodoFields): Promise<void> {
    await this.fillAddForm(fields);
    await this.addForm.getByRole("button", { name: "Add todo" }).click();
  }

  /** Adds a todo and waits until the list shows it. */
  async add(fields: TodoFields): Promise<void> {
    await this.tryToAdd(fields);
    await expect(this.feedback).toHaveText(`Added “${fields.title}”.`);
    await expect(this.item(fields.title)).toBeVisible();
  }

  async edit(title: string, changes: Partial<TodoFields>): Promise<void> {
    await this.page.getByRole("button", { name: `Edit “${title}”` }).click();
    const form = this.page.getByRole("form", { name: `Edit “${title}”` });
    await fillTodoForm(form, changes);
    await form.getByRole("button", { name: "Save" }).click();
    await expect(this.feedback).toHaveText(`Saved “${changes.title ?? title}”.`);
  }

  async toggle(title: string): Promise<void> {
    const checkbox = this.item(title).getByRole("checkbox");
    const wasDone = await checkbox.isChecked();
    await checkbox.click();
    await expect(this.feedback).toHaveText(
      wasDone ? `Marked “${title}” as not done.` : `Marked “${title}” as done.`,
    );
  }

  async delete(title: string): Promise<void> {
    await this.page.getByRole("button", { name: `Delete “${title}”` }).click();
    await this.item(title).getByRole("button", { name: "Yes, delete" }).click();
    await expect(this.undoToast).toContainText(`Deleted “${title}”.`);
  }

  async search(text: string): Promise<void> {
    await this.page.getByLabel("Search todos").fill(text);
  }

  /** One of the status filter's segments (radio buttons in the "Filter by status" group). */
  statusFilter(label: "All" | "Active" | "Completed"): Locator {
    return this.page.getByRole("group", { name: "Filter by status" }).getByRole("radio", { name: label });
  }

  async filterByStatus(label: "All" | "Active" | "Completed"): Promise<void> {
    await this.statusFilter(label).check();
  }

  /** On a phone the priority, tag and sort controls are folded under "Filters"; elsewhere a no-op. */
  async unfoldFilters(): Promise<void> {
    const toggle = this.page.getByRole("button", { name: /^Filters/ });
    if (await toggle.isVisible()) await unfold(toggle);
  }

  async filterByPriority(label: "Any" | "Low" | "Medium" | "High"): Promise<void> {
    await this.unfoldFilters();
    await this.page.getByLabel("Filter by priority").selectOption({ label });
  }

  async filterByTag(tag: string): Promise<void> {
    await this.unfoldFilters();
    await this.page.getByLabel("Filter by tag").fill(tag);
  }

  async sortBy(label: "Date added" | "Due date" | "Priority" | "Title", order?: string): Promise<void> {
    await this.unfoldFilters();
    await this.page.getByLabel("Sort by").selectOption({ label });
    if (order) await this.page.getByLabel("Order").selectOption({ label: order });
  }

  /** The titles shown, in order, once the list shows exactly these (retried while it reloads). */
  async expectTitles(titles: string[]): Promise<void> {
    if (titles.length === 0) {
      await expect(this.emptyState).toBeVisible();
      await expect(this.titles).toHaveCount(0);
    } else {
      await expect(this.titles).toHaveText(titles);
    }
  }
}

export class AccountPage {
  readonly sessions: Locator;
  readonly header: AppHeader;

  constructor(readonly page: Page) {
    this.sessions = page.getByTestId("session-item");
    this.header = new AppHeader(page);
  }

  async goto(): Promise<void> {
    await this.page.goto("/account");
    await expect(this.page.getByRole("heading", { name: "Account", level: 1 })).toBeVisible();
  }

  async expectSessionCount(count: number): Promise<void> {
    await expect(this.sessions).toHaveCount(count);
  }

  /** With exactly one other session listed: signs that one out. */
  async signOutTheOtherDevice(): Promise<void> {
    await this.page.getByRole("button", { name: "Sign out this device" }).click();
    await expect(this.page.getByRole("status").filter({ hasText: /^Signed out / })).toBeVisible();
  }

  async signOutEverywhereElse(): Promise<void> {
    await this.page.getByRole("button", { name: "Sign out everywhere else" }).click();
    await expect(
      this.page.getByRole("status").filter({ hasText: "Signed out every other device." }),
    ).toBeVisible();
  }

  async deleteAccount(password: string): Promise<void> {
    await this.page.getByRole("button", { name: "Delete account" }).click();
    await this.page.getByLabel("Your password", { exact: true }).fill(password);
    await this.page.getByRole("button", { name: "Permanently delete account" }).click();
  }
}
