import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import path from "node:path";

import { REPO_ROOT, UV, WEB_DIR } from "./run";

export interface Server {
  /** The file its output goes to. */
  log: string;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Servers a test starts, stops or restarts for itself (the ones every spec shares are the webServer
 * entries of playwright.config.ts). Each runs in a process group of its own, so that stopping it
 * stops uv's Python child too, with its output in `logDir`; `stopAll` stops whatever was started,
 * ready or not. Their environment is the worker's (which holds the run's DATABASE_URL) plus `env`.
 */
export class OwnServers {
  private readonly started: Server[] = [];

  constructor(private readonly logDir: string) {}

  /** `todo-api serve` on `port`; ready once /readyz answers 200. */
  api(port: number, env: Record<string, string>): Promise<Server> {
    const command = [...UV.split(" "), "run", "todo-api", "serve", "--port", String(port)];
    return this.start(command, REPO_ROOT, env, `api-${port}`, `http://127.0.0.1:${port}/readyz`);
  }

  /**
   * The production web server (`server.mjs`, as `npm start` runs it) with `env` from webEnvironment;
   * by default ready once /api/health answers 200: its database, the API, and the API accepting a
   * token minted there.
   */
  web(env: Record<string, string>, isReady?: (response: Response) => boolean): Promise<Server> {
    const readyUrl = `http://${env.WEB_HOST}:${env.PORT}/api/health`;
    return this.start(
      [process.execPath, "runtime/server.mjs"],
      WEB_DIR,
      env,
      `web-${env.PORT}`,
      readyUrl,
      isReady,
    );
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.started.map((server) => server.stop()));
  }

  private async start(
    [command, ...args]: string[],
    cwd: string,
    env: Record<string, string>,
    name: string,
    readyUrl: string,
    isReady = (response: Response) => response.ok,
  ): Promise<Server> {
    const log = path.join(this.logDir, `${name}.log`);
    const fd = openSync(log, "a");
    const child = spawn(command!, args, {
      cwd,
      env: { ...process.env, ...env },
      detached: true,
      stdio: ["ignore", fd, fd],
    });
    closeSync(fd);
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const server = { log, stop: () => stopGroup(child, exited) };
    this.started.push(server);
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`${name} exited before it was ready. Its log (${log}):\n${logTail(log)}`);
      const response = await fetch(readyUrl, { signal: AbortSignal.timeout(5_000) }).catch(() => null);
      if (response && isReady(response)) return server;
      if (Date.now() > deadline)
        throw new Error(`${name} was not ready at ${readyUrl} within 60 s:\n${logTail(log)}`);
      await sleep(250);
    }
  }
}

/** SIGTERM to the group, SIGKILL if its leader has not exited within 15 s. */
async function stopGroup(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  process.kill(-child.pid!, "SIGTERM");
  if (!(await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]))) {
    process.kill(-child.pid!, "SIGKILL");
    await exited;
  }
}

function logTail(log: string): string {
  return readFileSync(log, "utf8").trimEnd().split("\n").slice(-40).join("\n");
}
