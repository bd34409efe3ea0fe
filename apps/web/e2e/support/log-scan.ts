import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import routeTable from "../../routes.json" with { type: "json" };

/**
 * What must never appear in a log line: a finding names the file, the line and the kind of secret,
 * never the secret itself (the report is a log too).
 */

export interface Finding {
  file: string;
  line: number;
  kind: string;
}

const PATTERNS: readonly [kind: string, pattern: RegExp][] = [
  ["a JWT", /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]*/],
  ["a bearer token", /\bBearer\s+[\w.~+/-]{8,}/i],
  ["a session cookie", /session_token|set-cookie|"cookie"/i],
  ["an email address", /[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/],
  // The end-to-end accounts' passwords (support/accounts.ts makes them).
  ["a password", /\bpw-[0-9a-f]{16}\b/],
  // Secrets and session tokens are long random base64url runs; request ids (UUIDs) are shorter.
  ["a long random string (a secret or a token)", /(?<![\w-])[\w-]{43,}(?![\w-])/],
];

export function findSecrets(file: string, text: string, knownSecrets: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  for (const [index, content] of text.split("\n").entries()) {
    const kinds = PATTERNS.filter(([, pattern]) => pattern.test(content)).map(([kind]) => kind);
    if (knownSecrets.some((secret) => secret !== "" && content.includes(secret)))
      kinds.push("a configured secret");
    for (const kind of kinds) findings.push({ file, line: index + 1, kind });
  }
  return findings;
}

/** Every `.log` file below `folder`. */
export function logFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".log"))
    .map((name) => path.join(folder, name));
}

export function scanLogs(files: readonly string[], knownSecrets: readonly string[]): Finding[] {
  return files.flatMap((file) => findSecrets(file, readFileSync(file, "utf8"), knownSecrets));
}

// The BFF routes whose successful answers come from the API.
const FORWARDED_ROUTES = new Set(routeTable.routes.flatMap((route) => ("api" in route ? [route.path] : [])));

function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/**
 * The request ids of the web server's successful answers on forwarded routes that no API log line
 * carries: each such answer came from the API, so the two lines must join on `request_id`.
 */
export function unjoinedRequestIds(webLog: string, apiLog: string): string[] {
  const apiIds = new Set(jsonLines(apiLog).map((line) => line.request_id));
  return jsonLines(webLog)
    .filter(
      (line) =>
        line.message === "request" &&
        FORWARDED_ROUTES.has(String(line.route)) &&
        Number(line.status) >= 200 &&
        Number(line.status) < 300,
    )
    .map((line) => String(line.request_id))
    .filter((id) => !apiIds.has(id));
}
