import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, openSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

import pg from "pg";

import {
  asProcessEnv,
  logTail,
  type ManagedProcess,
  processStartTime,
  startProcess,
  stopProcess,
  uvCommand,
  waitUntilReady,
} from "./processes";
import { type RunState, recordProcess, type ServerName } from "./run-state";

export const WEB_DIR = path.resolve(import.meta.dirname, "../..");
export const REPO_ROOT = path.resolve(WEB_DIR, "../..");
const EMBEDDED_POSTGRES_HELPER = path.join(import.meta.dirname, "keep_embedded_postgres.py");
// `next` is hoisted to the workspace root's node_modules; resolve it rather than guess.
const NEXT_BIN = path.join(
  path.dirname(createRequire(import.meta.url).resolve("next/package.json")),
  "dist/bin/next",
);

/** Variables of the developer's shell that must not leak into the servers of a test run. */
const SERVICE_VARIABLES = [
  "DATABASE_URL",
  "REDIS_URL",
  "BETTER_AUTH_SECRET",
  "BETTER_AUTH_URL",
  "FRONTEND_JWT_SECRET",
  "BACKEND_JWT_SECRET",
  "AUTH_JWT_ALG",
  "JWT_JWKS_URL",
  "JWT_ISSUER",
  "JWT_AUDIENCE",
  "API_URL",
  "API_RATE_LIMIT",
  "AUTH_RATE_LIMIT",
];

export function baseEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !SERVICE_VARIABLES.includes(name)) env[name] = value;
  }
  return { ...env, NEXT_TELEMETRY_DISABLED: "1", TURBO_TELEMETRY_DISABLED: "1" };
}

export function randomSecret(): string {
  return randomBytes(48).toString("base64url");
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

const keepAlive: ChildProcess[] = [];

/**
 * Starts embedded PostgreSQL through todo_test_support in a helper process that lives as
 * long as the server should. Its stdin stays open in this process: if the runner dies, the pipe
 * closes and the helper stops the server and deletes its data.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: string,
): Promise<{ proc: ManagedProcess; url: string }> {
  const fd = openSync(log, "a");
  const child = spawn(
    ...uvCommand("run", "--project", REPO_ROOT, "python", EMBEDDED_POSTGRES_HELPER, dataDir),
    {
      cwd: REPO_ROOT,
      env: asProcessEnv(baseEnvironment()),
      detached: true,
      stdio: ["pipe", "pipe", fd],
    },
  );
  closeSync(fd);
  keepAlive.push(child);
  const pid = child.pid!;
  const proc: ManagedProcess = { name: "embedded PostgreSQL", pid, log, startTime: processStartTime(pid) };
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    const fail = (why: string) => reject(new Error(`embedded PostgreSQL ${why}:\n${logTail(log)}`));
    const timer = setTimeout(() => fail("did not start in 120 s"), 120_000);
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (chunk: string) => {
      output += chunk;
      // The helper's only output: the URL, on a line of its own.
      const match = /^(postgres\S*)\n/m.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(`helper exited (${code})`);
    });
  });
  // The runner must be able to exit on its own; the pipes stay open as long as `keepAlive` holds them.
  child.unref();
  (child.stdin as unknown as { unref?: () => void }).unref?.();
  (child.stdout as unknown as { unref?: () => void }).unref?.();
  return { proc, url };
}

/** The same server URL with another database (keeps `?host=` of a Unix socket URL). */
export function withDatabase(serverUrl: string, database: string): string {
  const match = /^(postgres(?:ql)?:\/\/[^/?#]*)(\/[^?#]*)?(.*)$/.exec(serverUrl);
  if (!match) throw new Error("DATABASE_URL is not a postgresql:// URL");
  return `${match[1]}/${database}${match[3]}`;
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function createDatabase(serverUrl: string): Promise<string> {
  const name = `todo_e2e_${randomBytes(5).toString("hex")}`;
  await onServer(serverUrl, `CREATE DATABASE "${name}"`);
  return name;
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  // FORCE: a server that did not stop cleanly may still hold connections.
  await onServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

// ---------------------------------------------------------------------------------------------
// API and web servers

/**
 * Starts the API with the run's environment (plus `overrides`), by default as the run's API on its
 * port; `apiReady` waits for it.
 */
export function spawnApi(
  state: RunState,
  overrides: Record<string, string> = {},
  { name = "API", port = state.apiPort, log = "api.log" } = {},
): ManagedProcess {
  return startProcess(name, ...uvCommand("run", "todo-api", "serve", "--port", String(port)), {
    cwd: REPO_ROOT,
    env: { ...baseEnvironment(), ...state.apiEnv, ...overrides },
    log: path.join(state.logDir, log),
  });
}

export function apiReady(apiUrl: string, proc: ManagedProcess): Promise<void> {
  return waitUntilReady(`${apiUrl}/readyz`, proc);
}

function nextBuildOnce(log: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const fd = openSync(log, "w");
    const child = spawn(process.execPath, [NEXT_BIN, "build"], {
      cwd: WEB_DIR,
      env: asProcessEnv(baseEnvironment()),
      stdio: ["ignore", fd, fd],
    });
    closeSync(fd);
    child.once("error", reject);
    child.once("exit", resolve);
  });
}

/** `next build`; waits its turn when someone else's build holds `.next` (a shared working tree). */
export async function nextBuild(log: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const code = await nextBuildOnce(log);
    if (code === 0) return;
    const busy = logTail(log).includes("Another next build process is already running");
    if (!busy || Date.now() > deadline)
      throw new Error(`next build failed (exit ${code}):\n${logTail(log, 60)}`);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
  }
}

export function hasProductionBuild(): boolean {
  return existsSync(path.join(WEB_DIR, ".next", "BUILD_ID"));
}

/**
 * Settings for a web server of this run: the run's database, a Better Auth secret of its own, and by
 * default HS256 tokens that the run's API accepts (its secret, its expected issuer).
 */
export function webEnvironment(
  run: RunState,
  origin: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    DATABASE_URL: run.apiEnv.DATABASE_URL!,
    BETTER_AUTH_SECRET: randomSecret(),
    BETTER_AUTH_URL: origin,
    API_URL: run.apiUrl,
    FRONTEND_JWT_SECRET: run.apiEnv.BACKEND_JWT_SECRET!,
    JWT_ISSUER: run.webUrl,
    AUTH_RATE_LIMIT: "off",
    ...overrides,
  };
}

/**
 * The production server (`server.mjs`, as `npm start` runs it) as one process: no npm in between, so
 * its id is the server's. It listens on `address`, which is its origin unless a proxy stands in front.
 */
export function spawnWeb(
  name: string,
  address: string,
  env: Record<string, string>,
  log: string,
): ManagedProcess {
  const { hostname, port } = new URL(address);
  return startProcess(name, process.execPath, ["server.mjs"], {
    cwd: WEB_DIR,
    env: { ...baseEnvironment(), ...env, NODE_ENV: "production", WEB_HOST: hostname, PORT: port },
    log,
  });
}

/** Ready means: its database, the API, and the API accepting a token minted here (same secret and issuer). */
export function webReady(origin: string, proc: ManagedProcess): Promise<void> {
  return waitUntilReady(`${origin}/api/health`, proc, async (response) => {
    const body = (await response.json().catch(() => null)) as { ready?: boolean } | null;
    return body?.ready === true;
  });
}

/**
 * Servers a spec starts for itself: each is recorded for the run's teardown as soon as it starts (it
 * may never get ready), and `stopAll` stops them, in the spec's `afterAll`.
 */
export function specServers() {
  const started = new Map<ServerName, ManagedProcess>();
  return {
    add(name: ServerName, proc: ManagedProcess): ManagedProcess {
      started.set(name, proc);
      recordProcess(name, proc);
      return proc;
    },
    async stopAll(): Promise<void> {
      for (const [name, proc] of started) {
        await stopProcess(proc);
        recordProcess(name, undefined);
      }
      started.clear();
    },
  };
}
