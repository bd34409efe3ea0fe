import { type BrowserContext, test as base, expect, type Page } from "@playwright/test";

import { type Credentials, newCredentials, signInThroughApi, signUpThroughApi } from "./support/accounts";
import { AccountPage, SignInPage, SignUpPage, TodosPage } from "./support/pages";
import { stopProcess } from "./support/processes";
import { type RunState, readRunState, recordProcess } from "./support/run-state";
import { apiReady, spawnApi } from "./support/services";

export { expect };

interface ApiControl {
  /** Stops the API process, as a crash or a deployment would. */
  stop(): Promise<void>;
  /**
   * Starts it again on the same port and waits until it is ready. `overrides` change its environment
   * (e.g. another BACKEND_JWT_SECRET) until the end of the test.
   */
  start(overrides?: Record<string, string>): Promise<void>;
}

interface Fixtures {
  /** The servers of this run (see global-setup.ts). */
  run: RunState;
  signUpPage: SignUpPage;
  signInPage: SignInPage;
  todosPage: TodosPage;
  accountPage: AccountPage;
  /** A fresh user, not registered yet. */
  credentials: Credentials;
  /** A registered user; the test's browser is NOT signed in. */
  registeredUser: Credentials;
  /** A registered user, signed in in the test's browser context (`page`). */
  signedInUser: Credentials;
  /** Another device: a new browser context signed in as `user`; returns its (blank) page. */
  openDevice: (user: Credentials) => Promise<Page>;
  api: ApiControl;
}

export const test = base.extend<Fixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixture's parameters from this pattern
  run: async ({}, use) => {
    await use(readRunState());
  },
  signUpPage: async ({ page }, use) => use(new SignUpPage(page)),
  signInPage: async ({ page }, use) => use(new SignInPage(page)),
  todosPage: async ({ page }, use) => use(new TodosPage(page)),
  accountPage: async ({ page }, use) => use(new AccountPage(page)),

  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixture's parameters from this pattern
  credentials: async ({}, use) => {
    await use(newCredentials());
  },

  registeredUser: async ({ request, baseURL }, use) => {
    const user = newCredentials();
    // `request` keeps its own cookies: the browser stays signed out.
    await signUpThroughApi(request, baseURL!, user);
    await use(user);
  },

  signedInUser: async ({ context, baseURL }, use) => {
    const user = newCredentials();
    // Through the browser context's request client, so its cookie jar gets the session.
    await signUpThroughApi(context.request, baseURL!, user);
    await use(user);
  },

  openDevice: async ({ browser, baseURL, viewport, locale }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (user) => {
      // Contexts made here do not inherit the config's `use` options: pass the ones that matter.
      const context = await browser.newContext({ baseURL, viewport, locale });
      contexts.push(context);
      await signInThroughApi(context.request, baseURL!, user);
      return context.newPage();
    });
    await Promise.all(contexts.map((context) => context.close()));
  },

  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixture's parameters from this pattern
  api: async ({}, use) => {
    let runningAsConfigured = true;
    const control: ApiControl = {
      async stop() {
        runningAsConfigured = false;
        const proc = readRunState().processes.api;
        if (!proc) return;
        await stopProcess(proc);
        recordProcess("api", undefined);
      },
      async start(overrides = {}) {
        await control.stop();
        const state = readRunState();
        const proc = spawnApi(state, overrides);
        recordProcess("api", proc); // before waiting: the teardown must know it even if it never gets ready
        await apiReady(state.apiUrl, proc);
        runningAsConfigured = Object.keys(overrides).length === 0;
      },
    };
    await use(control);
    // Whatever happened in the test, the next test finds the API running as configured for the run.
    if (!runningAsConfigured) await control.start();
  },
});
