import { existsSync, mkdirSync } from "node:fs";
import { defineConfig } from "@playwright/test";

import {
  apiEnvironment,
  REPO_ROOT,
  runSettings,
  SERVER_LOG_DIR,
  UV,
  WEB_DIR,
  webEnvironment,
} from "./e2e/support/run";
import { documentedSettings } from "./e2e/support/settings";

/**
 * End-to-end tests against the real stack, started for this run by the webServer entries below, one
 * after the other: a database of its own (on DATABASE_URL's server, or on an embedded PostgreSQL), the
 * API, and the web app built and served in production mode (plus a copy with Better Auth's rate limits
 * on). Playwright stops them, the database last, whether the run passes, fails or is interrupted.
 * The servers are shared, so one worker: tests stay independent (each has its own user); the specs
 * that stop or restart servers start their own (e2e/support/servers.ts).
 *
 * No browser download: Debian's Chromium (`apt-get install chromium`), CHROMIUM_PATH to override.
 * E2E_SKIP_BUILD=1 reuses the existing `.next` build (when iterating on tests only).
 */

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  throw new Error(
    `No Chromium at ${chromium}: install Debian's (apt-get install chromium) or set CHROMIUM_PATH.`,
  );
}

// The developer's own settings must not reach the servers of the run, which inherit this environment.
// DATABASE_URL stays: it names the PostgreSQL server for the database entry, which replaces it.
const SERVICE_VARIABLES = documentedSettings().filter((name) => name !== "DATABASE_URL");
// Only in the runner's first evaluation (before runSettings sets E2E_RUN): a worker's SMTP_URL is the
// run's own, set by the smtp entry, which servers that tests start need.
if (!process.env.E2E_RUN) for (const name of SERVICE_VARIABLES) delete process.env[name];

const run = await runSettings();
const web = webEnvironment({
  origin: run.webUrl,
  apiUrl: run.apiUrl,
  jwtSecret: run.jwtSecret,
  metricsPort: new URL(run.webMetricsUrl).port,
});
const rateLimitedWeb = {
  // Its own origin for Better Auth; the issuer stays the main one, which the API expects, and the
  // secret too: it is another server of the same app, as a second replica would be.
  ...webEnvironment({
    origin: run.rateLimitedWebUrl,
    apiUrl: run.apiUrl,
    jwtSecret: run.jwtSecret,
    issuer: run.webUrl,
  }),
  BETTER_AUTH_SECRET: web.BETTER_AUTH_SECRET,
  AUTH_RATE_LIMIT: "on",
};
const skipBuild = process.env.E2E_SKIP_BUILD === "1" && existsSync(`${WEB_DIR}/.next/BUILD_ID`);
mkdirSync(SERVER_LOG_DIR, { recursive: true });
/** Stopped with the runner even when it ends without stopping its servers (see the script); its output also goes to `log`. */
const untilRunnerEnds = (log: string) =>
  `node ${WEB_DIR}/e2e/support/until-runner-ends.mjs --log ${SERVER_LOG_DIR}/${log}.log`;
// Each server gets SIGTERM at the end, and time to close its connections before the database goes.
const stop = {
  gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
  reuseExistingServer: false,
} as const;

export default defineConfig({
  testDir: "./e2e",
  globalTeardown: "./e2e/support/scan-logs-after-run.ts",
  webServer: [
    {
      name: "database",
      // Prints `database <URL>`: Playwright puts the URL in DATABASE_URL, for the entries below and the workers.
      command: `${UV} run python -m dev_infra.e2e_database`,
      cwd: REPO_ROOT,
      wait: { stdout: /^database (?<database_url>\S+)$/m },
      timeout: 120_000,
      ...stop,
      gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
    },
    {
      name: "smtp",
      // Prints `smtp <URL> <folder>`: SMTP_URL reaches the web servers below, E2E_MAIL_DIR the workers.
      command: `${UV} run python -m dev_infra.e2e_smtp`,
      cwd: REPO_ROOT,
      wait: { stdout: /^smtp (?<smtp_url>\S+) (?<e2e_mail_dir>\S+)$/m },
      timeout: 60_000,
      ...stop,
    },
    {
      name: "api",
      command: `${UV} run todo-api migrate && exec ${untilRunnerEnds("api")} ${UV} run todo-api serve --port ${new URL(run.apiUrl).port}`,
      cwd: REPO_ROOT,
      env: apiEnvironment(run.jwtSecret, run.webUrl),
      url: `${run.apiUrl}/readyz`,
      timeout: 120_000,
      ...stop,
    },
    {
      name: "web",
      // Ready once /api/health answers 200: its database, the API, and the API accepting its tokens.
      command: `${skipBuild ? "" : "npm run --silent build && "}npm run --silent migrate && exec ${untilRunnerEnds("web")} node runtime/server.mjs`,
      cwd: WEB_DIR,
      env: web,
      url: `${run.webUrl}/api/health`,
      timeout: 240_000,
      ...stop,
    },
    {
      name: "rate-limited web",
      command: `exec ${untilRunnerEnds("rate-limited-web")} node runtime/server.mjs`,
      cwd: WEB_DIR,
      env: rateLimitedWeb,
      url: `${run.rateLimitedWebUrl}/api/health`,
      timeout: 120_000,
      ...stop,
    },
  ],
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  // Starting PostgreSQL, building and starting Next take well under a minute, and the suite 11 to 17
  // minutes on the 2-core machines it runs on; this bounds a hang.
  globalTimeout: 25 * 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: run.webUrl,
    // Chromium's own user agent (a device preset would claim Windows), a fixed desktop size and locale.
    viewport: { width: 1280, height: 800 },
    locale: "en-US",
    headless: true,
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [{ name: "chromium" }],
});
