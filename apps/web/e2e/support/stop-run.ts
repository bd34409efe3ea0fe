import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { isStillRunning, type ManagedProcess, processStartTime, stopProcess } from "./processes";
import { RUN_DIR_PREFIX, type RunState } from "./run-state";
import { dropDatabase } from "./services";

/**
 * Stops everything a run recorded and deletes its directory. Every step is attempted even when an
 * earlier one fails; the failures are returned.
 */
export async function stopRun(state: RunState): Promise<string[]> {
  const failures: string[] = [];
  const attempt = async (what: string, step: () => Promise<void>) => {
    try {
      await step();
    } catch (error) {
      failures.push(`${what}: ${(error as Error).message}`);
    }
  };

  // The servers first: they hold connections to the database that is dropped next.
  const { postgres, ...servers } = state.processes;
  await Promise.all(
    Object.values(servers).map((proc) => proc && attempt(`stopping ${proc.name}`, () => stopProcess(proc))),
  );
  if (state.postgresServerUrl && state.databaseName && (!postgres || isStillRunning(postgres))) {
    const { postgresServerUrl, databaseName } = state;
    await attempt(`dropping database ${databaseName}`, () => dropDatabase(postgresServerUrl, databaseName));
  }
  if (postgres) {
    // Leader only: the helper stops PostgreSQL itself (pg_ctl stop) and deletes its data directory.
    await attempt("stopping embedded PostgreSQL", () =>
      stopProcess(postgres, { groupSignal: false, timeoutMs: 30_000 }),
    );
    const dataDir = path.join(state.runDir, "postgres");
    await attempt("stopping a PostgreSQL server its helper left behind", () =>
      stopOrphanedPostmaster(dataDir),
    );
  }
  rmSync(state.runDir, { recursive: true, force: true });
  return failures;
}

/** A postmaster whose helper was killed outright (SIGKILL) still runs from the run's data directory. */
async function stopOrphanedPostmaster(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  let commandLine = "";
  try {
    commandLine = readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return; // not running
  }
  // Only the server of this data directory, never another process that now has its id.
  if (!commandLine.includes(dataDir)) return;
  const postmaster: ManagedProcess = {
    name: "orphaned PostgreSQL",
    pid,
    log: "",
    startTime: processStartTime(pid),
  };
  await stopProcess(postmaster, { groupSignal: false, timeoutMs: 30_000 });
}

/**
 * Runs whose runner died without its teardown (killed outright, a CI job timeout) leave servers
 * behind; the next run stops them. Runs whose runner still lives are in progress and left alone.
 */
export async function stopAbandonedRuns(): Promise<void> {
  for (const entry of readdirSync(os.tmpdir())) {
    if (!entry.startsWith(RUN_DIR_PREFIX)) continue;
    const stateFile = path.join(os.tmpdir(), entry, "state.json");
    let state: RunState;
    try {
      state = JSON.parse(readFileSync(stateFile, "utf8")) as RunState;
    } catch {
      continue; // a run that is just starting, or not one of ours
    }
    if (!state.runner || isStillRunning(state.runner)) continue;
    console.log(`[e2e] stopping what an abandoned run left in ${state.runDir}`);
    for (const failure of await stopRun(state)) console.warn(`[e2e] ${failure}`);
  }
}
