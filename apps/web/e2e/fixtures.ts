import { type Browser, type BrowserContext, test as base, expect, type Page } from "@playwright/test";

import { type Credentials, newCredentials, signInThroughApi, signUpThroughApi } from "./support/accounts";
import { AccountPage, SignInPage, SignUpPage, TodosPage } from "./support/pages";
import { apiEnvironment, freePort, type Run, randomSecret, runSettings, webEnvironment } from "./support/run";
import { OwnServers } from "./support/servers";

export { expect };

interface OwnApi {
  /** Where the API itself answers (its /metrics, for instance). */
  apiUrl: string;
  /** The web server in front of it, where this test's pages go. */
  webUrl: string;
  /** Its BACKEND_JWT_SECRET as configured. */
  secret: string;
  /** The web server's log file, where an operator reads why it is not ready. */
  webLog: string;
  /** Stops the API process, as a crash or a deployment would. */
  stop(): Promise<void>;
  /**
   * Starts it again on the same port and waits until it is ready. `overrides` change its environment
   * (e.g. another BACKEND_JWT_SECRET).
   */
  start(overrides?: Record<string, string>): Promise<void>;
}

interface WorkerFixtures {
  /** The servers every spec shares (playwright.config.ts), and this run's database. */
  run: Run & { databaseUrl: string };
}

interface Fixtures {
  /** Servers of the test's own, stopped when it ends; their logs go to its output directory. */
  servers: OwnServers;
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
}

let browserUserAgent: Promise<string> | undefined;

/** The user agent of the worker's browser, asked of it once. */
function userAgentOf(browser: Browser): Promise<string> {
  browserUserAgent ??= browser.newPage().then(async (page) => {
    try {
      return await page.evaluate(() => navigator.userAgent);
    } finally {
      await page.close();
    }
  });
  return browserUserAgent;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  run: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixture's parameters from this pattern
    async ({}, use) => {
      // The database entry of playwright.config.ts set DATABASE_URL in the runner; the workers inherit it.
      await use({ ...(await runSettings()), databaseUrl: process.env.DATABASE_URL! });
    },
    { scope: "worker" },
  ],
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixture's parameters from this pattern
  servers: async ({}, use, testInfo) => {
    const servers = new OwnServers(testInfo.outputPath());
    await use(servers);
    await servers.stopAll();
  },
  signUpPage: async ({ page }, use) => use(new SignUpPage(page)),
  signInPage: async ({ page }, use) => use(new SignInPage(page)),
  todosPage: async ({ page }, use) => use(new TodosPage(page)),
  accountPage: async ({ page }, use) => use(new AccountPage(page)),

  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixture's parameters from this pattern
  credentials: async ({}, use) => {
    await use(newCredentials());
  },

  registeredUser: async ({ request, baseURL, browser }, use) => {
    const user = newCredentials();
    // `request` keeps its own cookies: the browser stays signed out. It signs up as the test's browser
    // would, so that the browser's sign-ins come from a known device (a new one is mailed of).
    await signUpThroughApi(request, baseURL!, user, { "User-Agent": await userAgentOf(browser) });
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
});

/**
 * For tests that stop or restart the API: an API and a web server of the test's own on the run's
 * database, where its pages go (`baseURL`), so that the servers the other tests share never stop.
 */
export const testWithOwnApi = test.extend<{ api: OwnApi }>({
  api: [
    async ({ servers }, use) => {
      const [apiPort, webPort] = await Promise.all([freePort(), freePort()]);
      const webUrl = `http://127.0.0.1:${webPort}`;
      const secret = randomSecret();
      const configured = apiEnvironment(secret, webUrl);
      let api = await servers.api(apiPort, configured);
      const web = await servers.web(
        webEnvironment({ origin: webUrl, apiUrl: `http://127.0.0.1:${apiPort}`, jwtSecret: secret }),
      );
      await use({
        apiUrl: `http://127.0.0.1:${apiPort}`,
        webUrl,
        secret,
        webLog: web.log,
        stop: () => api.stop(),
        async start(overrides = {}) {
          await api.stop();
          api = await servers.api(apiPort, { ...configured, ...overrides });
        },
      });
    },
    // Starting two servers takes a few seconds, more on a busy machine; the test's own time is its own.
    { timeout: 60_000 },
  ],
  baseURL: async ({ api }, use) => use(api.webUrl),
});

/** A `test` whose every test starts with a new user signed in (`signedInUser`) on the page it names. */
function signedInOn(start: "todosPage" | "accountPage") {
  return test.extend<{ startSignedIn: undefined }>({
    startSignedIn: [
      async ({ signedInUser, todosPage, accountPage }, use) => {
        await { todosPage, accountPage }[start].goto();
        await use(undefined);
      },
      { auto: true },
    ],
  });
}

export const testOnTodos = signedInOn("todosPage");
export const testOnAccount = signedInOn("accountPage");
