/**
 * `node until-runner-ends.mjs [--log FILE] COMMAND [ARGS...]`: runs a server of the run (a webServer
 * entry of playwright.config.ts) and stops it if the test runner ends without stopping it (killed
 * outright, or by SIGTERM, which the runner does not handle): the stdin the runner gave this process
 * closes. With `--log`, the server's output is also written to FILE, which the log scan reads after
 * the run.
 */
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";

const argv = process.argv.slice(2);
const log = argv[0] === "--log" ? createWriteStream(argv[1]) : null;
const [command, ...args] = log ? argv.slice(2) : argv;
const output = log ? "pipe" : "inherit";
const server = spawn(command, args, { stdio: ["ignore", output, output] });
if (log) {
  for (const [stream, terminal] of [
    [server.stdout, process.stdout],
    [server.stderr, process.stderr],
  ]) {
    stream.on("data", (chunk) => {
      log.write(chunk);
      terminal.write(chunk);
    });
  }
}
process.stdin.on("end", () => server.kill("SIGTERM")).resume();
// Playwright's stop signals the whole group: this process stays until the server has said its last word.
process.on("SIGTERM", () => server.kill("SIGTERM"));
server.on("exit", (code) => (log ? log.end(() => process.exit(code ?? 1)) : process.exit(code ?? 1)));
