import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import net from "node:net";

/**
 * Child processes of an end-to-end run. Each server runs in a process group of its own (detached),
 * so that it, and anything it spawns (`uv run` starts Python), can be stopped by its id from any
 * process of the run: the global teardown, or a test that takes the API down on purpose.
 */

/** The uv that `make` installed (it may be `python3 -m uv`), as a command and its first arguments. */
export function uvCommand(...args: string[]): [string, string[]] {
  const [command, ...prefix] = (process.env.UV_COMMAND || "uv").split(" ");
  return [command, [...prefix, ...args]];
}

export interface ManagedProcess {
  name: string;
  pid: number;
  /** Where its stdout and stderr go. */
  log: string;
  /** Kernel start time of `pid`: tells our process from a later one that was given the same id. */
  startTime: string | null;
}

/** Field 22 of /proc/PID/stat (Linux); null where there is no /proc or no such process. */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces; the fields after its closing parenthesis do not.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

/** Still the process that was started (not merely some process with its id). */
export function isStillRunning(proc: ManagedProcess): boolean {
  if (!isAlive(proc.pid)) return false;
  return proc.startTime === null || processStartTime(proc.pid) === proc.startTime;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function isGroupAlive(pgid: number): boolean {
  return isAlive(-pgid);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The last lines of a log, to put in an error message. */
export function logTail(log: string, lines = 40): string {
  try {
    return readFileSync(log, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

interface StartOptions {
  cwd: string;
  env: Record<string, string>;
  log: string;
}

/** Next's types declare NODE_ENV required in `process.env`; a child's environment need not have it. */
export function asProcessEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return env as NodeJS.ProcessEnv;
}

/** Starts a server in its own process group, output to `log`; it outlives the caller until stopped. */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  { cwd, env, log }: StartOptions,
): ManagedProcess {
  const fd = openSync(log, "a");
  try {
    const child = spawn(command, args, {
      cwd,
      env: asProcessEnv(env),
      detached: true,
      stdio: ["ignore", fd, fd],
    });
    if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
    // A test worker that restarts the API must be able to exit while the API keeps running.
    child.unref();
    return { name, pid: child.pid, log, startTime: processStartTime(child.pid) };
  } finally {
    closeSync(fd);
  }
}

/**
 * SIGTERM to the process group, then SIGKILL if it has not exited in time. `groupSignal: false`
 * signals the leader only, for a process that stops its own children in order (embedded PostgreSQL).
 */
export async function stopProcess(
  proc: ManagedProcess,
  { timeoutMs = 15_000, groupSignal = true } = {},
): Promise<void> {
  // The leader may be gone while the rest of its group lives on (uv exits after its Python child).
  const running = () => isStillRunning(proc) || isGroupAlive(proc.pid);
  if (!running()) return;
  const send = (signal: NodeJS.Signals, targets: number[]) => {
    for (const target of targets) {
      try {
        process.kill(target, signal);
      } catch {
        // already gone
      }
    }
  };
  send("SIGTERM", [groupSignal ? -proc.pid : proc.pid]);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!running()) return;
    await sleep(100);
  }
  console.warn(`[e2e] ${proc.name} (pid ${proc.pid}) did not stop within ${timeoutMs} ms; killing it`);
  send("SIGKILL", [proc.pid, -proc.pid]);
}

/**
 * Polls `url` until `isReady` accepts the response. Fails early, with the server's log, when the
 * process that should answer has exited.
 */
export async function waitUntilReady(
  url: string,
  proc: ManagedProcess,
  isReady: (response: Response) => Promise<boolean> = async (response) => response.ok,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (!isStillRunning(proc)) {
      throw new Error(
        `${proc.name} exited before it was ready. Its log (${proc.log}):\n${logTail(proc.log)}`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (await isReady(response)) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(250);
  }
  throw new Error(
    `${proc.name} was not ready at ${url} within ${timeoutMs} ms (${last}). Log:\n${logTail(proc.log)}`,
  );
}

/** Runs a command to completion; its output goes to `log`, and into the error when it fails. */
export async function runToCompletion(
  name: string,
  command: string,
  args: string[],
  options: StartOptions,
): Promise<void> {
  const fd = openSync(options.log, "a");
  let child: ChildProcess;
  try {
    child = spawn(command, args, {
      cwd: options.cwd,
      env: asProcessEnv(options.env),
      stdio: ["ignore", fd, fd],
    });
  } finally {
    closeSync(fd);
  }
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", resolve);
  });
  if (code !== 0)
    throw new Error(`${name} failed (exit ${code}). Log (${options.log}):\n${logTail(options.log)}`);
}
