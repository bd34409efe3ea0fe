import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

import { logFiles, scanLogs, unjoinedRequestIds } from "./log-scan";
import { SERVER_LOG_DIR, WEB_DIR } from "./run";

/**
 * The run's global teardown: every log its servers wrote (the shared ones in SERVER_LOG_DIR, the
 * specs' own in test-results) must be free of tokens, cookies, passwords, secrets and email addresses,
 * and the web server's and the API's lines of one call must share its request id.
 */
export default function scanLogsAfterRun(): void {
  for (const name of ["api.log", "web.log"]) {
    const log = path.join(SERVER_LOG_DIR, name);
    if (!existsSync(log) || statSync(log).size === 0)
      throw new Error(`${log} is missing or empty: the log scan would have nothing to read.`);
  }
  const files = [...logFiles(SERVER_LOG_DIR), ...logFiles(path.join(WEB_DIR, "test-results"))];
  const run = JSON.parse(process.env.E2E_RUN ?? "{}") as { jwtSecret?: string };
  const findings = scanLogs(files, [run.jwtSecret ?? ""]);
  if (findings.length > 0) {
    const lines = findings.slice(0, 40).map(({ file, line, kind }) => `  ${file}:${line}: ${kind}`);
    throw new Error(`${findings.length} log line(s) of this run hold what no log may:\n${lines.join("\n")}`);
  }
  const read = (name: string) => readFileSync(path.join(SERVER_LOG_DIR, name), "utf8");
  const unjoined = unjoinedRequestIds(read("web.log"), read("api.log"));
  if (unjoined.length > 0)
    throw new Error(
      `The API's log has no line for ${unjoined.length} forwarded call(s), e.g. ${unjoined[0]}.`,
    );
  console.log(
    `Log scan: ${files.length} log files of this run hold no token, cookie, password, secret or email address; the web server's and the API's lines join on request_id.`,
  );
}
