import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests against the real stack: PostgreSQL, the API, and the web app in production mode,
 * all started by e2e/global-setup.ts for this run. The servers are shared, so one worker: tests stay
 * independent (each has its own user) but one of them stops and restarts the API.
 *
 * No browser download: Debian's Chromium (`apt-get install chromium`), CHROMIUM_PATH to override.
 */
export default defineConfig({
  testDir: "./e2e",
  globalSetup: "./e2e/global-setup.ts",
  globalTeardown: "./e2e/global-teardown.ts",
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  // Starting PostgreSQL, building and starting Next take well under a minute; this bounds a hang.
  globalTimeout: 15 * 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { open: "never" }]],
  use: {
    // Set by the global setup before the workers start; each worker reads this file again.
    baseURL: process.env.E2E_WEB_URL,
    // Chromium's own user agent (a device preset would claim Windows), a fixed desktop size and locale.
    viewport: { width: 1280, height: 800 },
    locale: "en-US",
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
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
