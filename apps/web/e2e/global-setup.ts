import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import type { FullConfig } from "@playwright/test";

import { freePort, processStartTime, runToCompletion, uvCommand } from "./support/processes";
import { RUN_DIR_PREFIX, type RunState, STATE_FILE_VARIABLE, writeRunState } from "./support/run-state";
import {
  apiReady,
  baseEnvironment,
  createDatabase,
  hasProductionBuild,
  nextBuild,
  REPO_ROOT,
  randomSecret,
  spawnApi,
  spawnWeb,
  startEmbeddedPostgres,
  webEnvironment,
  webReady,
  withDatabase,
} from "./support/services";
import { stopAbandonedRuns } from "./support/stop-run";

/**
 * Starts everything the suite talks to, for this run only: a database of its own (on DATABASE_URL's
 * server, or on an embedded PostgreSQL), fresh secrets, the API, and the web app built and served in
 * production mode. global-teardown.ts stops it all; it also runs when this setup fails half-way,
 * which is why the state file is written as soon as each piece exists.
 *
 * E2E_SKIP_BUILD=1 reuses an existing `.next` build (when iterating on tests only).
 */
export default async function globalSetup(config: FullConfig): Promise<void> {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(chromium)) {
    throw new Error(
      `No Chromium at ${chromium}: install Debian's (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
  const started = Date.now();
  await stopAbandonedRuns();
  const runDir = mkdtempSync(path.join(os.tmpdir(), RUN_DIR_PREFIX));
  const logDir = path.join(config.projects[0]!.outputDir, "e2e-servers");
  mkdirSync(logDir, { recursive: true });
  process.env[STATE_FILE_VARIABLE] = path.join(runDir, "state.json");

  const [apiPort, webPort, rateLimitedWebPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const webUrl = `http://127.0.0.1:${webPort}`;
  const state: RunState = {
    runner: { name: "test runner", pid: process.pid, log: "", startTime: processStartTime(process.pid) },
    runDir,
    logDir,
    webUrl,
    rateLimitedWebUrl: `http://127.0.0.1:${rateLimitedWebPort}`,
    apiUrl: `http://127.0.0.1:${apiPort}`,
    apiPort,
    apiEnv: {},
    postgresServerUrl: null,
    databaseName: null,
    processes: {},
  };
  writeRunState(state);
  const log = (message: string) =>
    console.log(`[e2e] ${message} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

  // The build needs no database or secrets: it runs while the database starts.
  const skipBuild = process.env.E2E_SKIP_BUILD === "1" && hasProductionBuild();
  const build = skipBuild
    ? Promise.resolve()
    : nextBuild(path.join(logDir, "next-build.log")).then(() => log("next build done"));
  build.catch(() => {}); // awaited below; avoids an unhandled rejection while the database starts

  if (process.env.DATABASE_URL) {
    state.postgresServerUrl = process.env.DATABASE_URL;
  } else {
    const { proc, url } = await startEmbeddedPostgres(
      path.join(runDir, "postgres"),
      path.join(logDir, "postgres.log"),
    );
    state.processes.postgres = proc;
    state.postgresServerUrl = url;
    writeRunState(state);
    log("embedded PostgreSQL started");
  }
  state.databaseName = await createDatabase(state.postgresServerUrl);
  writeRunState(state);
  const databaseUrl = withDatabase(state.postgresServerUrl, state.databaseName);
  log(`database ${state.databaseName} created`);

  // One shared secret: BACKEND_JWT_SECRET verifies in the API; webEnvironment() gives it to the web
  // servers as FRONTEND_JWT_SECRET, which signs.
  const tokenSettings = { AUTH_JWT_ALG: "HS256", JWT_ISSUER: webUrl, JWT_AUDIENCE: "todo-api" };
  state.apiEnv = {
    DATABASE_URL: databaseUrl,
    BACKEND_JWT_SECRET: randomSecret(),
    // High enough that no test meets the API's per-user limit by accident.
    API_RATE_LIMIT: "10000/minute",
    ...tokenSettings,
  };
  writeRunState(state);
  const webEnv = webEnvironment(state, webUrl, tokenSettings);

  const migrationLog = path.join(logDir, "migrations.log");
  await runToCompletion("todo-api migrate", ...uvCommand("run", "todo-api", "migrate"), {
    cwd: REPO_ROOT,
    env: { ...baseEnvironment(), ...state.apiEnv },
    log: migrationLog,
  });
  await runToCompletion(
    "npm run migrate -w @todo/web",
    "npm",
    ["run", "--silent", "migrate", "-w", "@todo/web"],
    {
      cwd: REPO_ROOT,
      env: { ...baseEnvironment(), ...webEnv },
      log: migrationLog,
    },
  );
  log("migrations applied");

  state.processes.api = spawnApi(state);
  writeRunState(state);
  await apiReady(state.apiUrl, state.processes.api);
  log(`API ready on ${state.apiUrl}`);

  await build;
  state.processes.web = spawnWeb("web", webUrl, webEnv, path.join(logDir, "web.log"));
  // Its own origin for Better Auth; the issuer stays the main one, which the API expects.
  state.processes.rateLimitedWeb = spawnWeb(
    "rate-limited web",
    state.rateLimitedWebUrl,
    { ...webEnv, BETTER_AUTH_URL: state.rateLimitedWebUrl, AUTH_RATE_LIMIT: "on" },
    path.join(logDir, "web-rate-limited.log"),
  );
  writeRunState(state);
  await Promise.all([
    webReady(webUrl, state.processes.web),
    webReady(state.rateLimitedWebUrl, state.processes.rateLimitedWeb),
  ]);
  log(`web app ready on ${webUrl} (rate-limited copy on ${state.rateLimitedWebUrl}); logs in ${logDir}`);

  // The config reads this in each worker, which starts after this setup (see playwright.config.ts).
  process.env.E2E_WEB_URL = webUrl;
}
