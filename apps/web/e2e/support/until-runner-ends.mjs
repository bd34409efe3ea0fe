/**
 * `node until-runner-ends.mjs COMMAND [ARGS...]`: runs a server of the run (a webServer entry of
 * playwright.config.ts) and stops it if the test runner ends without stopping it (killed outright,
 * or by SIGTERM, which the runner does not handle): the stdin the runner gave this process closes.
 * Playwright's own stop (SIGTERM to the process group) reaches the server directly.
 */
import { spawn } from "node:child_process";

const [command, ...args] = process.argv.slice(2);
const server = spawn(command, args, { stdio: ["ignore", "inherit", "inherit"] });
process.stdin.on("end", () => server.kill("SIGTERM")).resume();
server.on("exit", (code) => process.exit(code ?? 1));
