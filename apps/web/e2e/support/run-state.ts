import { readFileSync, writeFileSync } from "node:fs";

import type { ManagedProcess } from "./processes";

/**
 * What the global setup started, shared with the test workers and the global teardown through a
 * file (they are separate processes). It holds the API's environment, secrets included, so that a
 * test can restart the API exactly as it was: it lives in a private temporary directory (0700) and
 * the teardown deletes it.
 */
export interface RunState {
  /** The Playwright runner of this run: while it lives, the run is not abandoned. */
  runner: ManagedProcess;
  /** Private temporary directory of this run: this file and the embedded database's data. */
  runDir: string;
  /** Server logs, kept after the run (Playwright's output directory, cleared at the next run). */
  logDir: string;
  /** The origin the browser uses; also Better Auth's base URL and the tokens' issuer. */
  webUrl: string;
  /** A second web server on the same database with Better Auth's rate limits on. */
  rateLimitedWebUrl: string;
  apiUrl: string;
  apiPort: number;
  apiEnv: Record<string, string>;
  /** The PostgreSQL server (DATABASE_URL or the embedded one) and this run's own database on it. */
  postgresServerUrl: string | null;
  databaseName: string | null;
  processes: Partial<Record<ServerName, ManagedProcess>>;
}

export type ServerName =
  | "postgres"
  | "api"
  | "web"
  | "rateLimitedWeb"
  | "eddsaApi"
  | "eddsaWeb"
  | "httpsWeb"
  | "webWithoutDatabase";

export const STATE_FILE_VARIABLE = "E2E_STATE_FILE";
/** Run directories are `<tmp>/todo-e2e-XXXXXX`, so that a later run can find abandoned ones. */
export const RUN_DIR_PREFIX = "todo-e2e-";

function stateFile(): string {
  const file = process.env[STATE_FILE_VARIABLE];
  if (!file) throw new Error(`${STATE_FILE_VARIABLE} is not set: run the suite with \`playwright test\``);
  return file;
}

export function readRunState(): RunState {
  return JSON.parse(readFileSync(stateFile(), "utf8")) as RunState;
}

export function writeRunState(state: RunState): void {
  writeFileSync(stateFile(), JSON.stringify(state, null, 2), { mode: 0o600 });
}

/** Records a (re)started server, so that the teardown stops the process that is really running. */
export function recordProcess(name: ServerName, proc: ManagedProcess | undefined): void {
  const state = readRunState();
  if (proc) state.processes[name] = proc;
  else delete state.processes[name];
  writeRunState(state);
}
