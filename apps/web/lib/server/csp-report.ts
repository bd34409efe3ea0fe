import "server-only";

import { type CspDirective, cspDirectiveOf } from "@/runtime/metrics.mjs";

/** A violation as the log and the metrics keep it: fixed fields, nothing a user typed. */
export interface Violation {
  directive: CspDirective;
  /** The origin of a blocked URL, its scheme when it has no origin, or the browser's keyword (`inline`). */
  blocked: string;
  /** The page's path when it is one of the app's pages, else `other`: a 404's path is anyone's text. */
  document: string;
}

/** Room for a browser's batch of reports, and no more. */
export const MAX_REPORT_BYTES = 8 * 1024;
/** Reports past this many in one body are dropped, so that one request cannot flood the log. */
export const MAX_REPORTS_PER_REQUEST = 10;
export const REPORTS_PER_MINUTE = 30;

export const CSP_REPORT_TYPES = ["application/csp-report", "application/reports+json"] as const;
export type CspReportType = (typeof CSP_REPORT_TYPES)[number];

/** The report format a Content-Type names, or null for any other body. */
export function reportTypeOf(contentType: string | null): CspReportType | null {
  const type = (contentType ?? "").split(";", 1)[0]?.trim().toLowerCase();
  return CSP_REPORT_TYPES.find((known) => known === type) ?? null;
}

const PAGES = new Set(["/", "/sign-in", "/sign-up", "/todos", "/account"]);
const BLOCKED_KEYWORDS = new Set([
  "inline",
  "eval",
  "wasm-eval",
  "trusted-types-policy",
  "trusted-types-sink",
]);

/** Longer than any real host's origin, so that a sender's text cannot make long log lines. */
export const MAX_BLOCKED_LENGTH = 128;

function blockedOf(value: unknown): string {
  if (typeof value !== "string" || value === "") return "none";
  if (BLOCKED_KEYWORDS.has(value)) return value;
  try {
    const url = new URL(value);
    const blocked = url.origin !== "null" ? url.origin : url.protocol;
    return blocked.length <= MAX_BLOCKED_LENGTH ? blocked : "other";
  } catch {
    return "other";
  }
}

function documentOf(value: unknown): string {
  if (typeof value !== "string") return "other";
  try {
    const { pathname } = new URL(value);
    return PAGES.has(pathname) ? pathname : "other";
  } catch {
    return "other";
  }
}

function field(record: unknown, name: string): unknown {
  return typeof record === "object" && record !== null
    ? (record as Record<string, unknown>)[name]
    : undefined;
}

/** The directive a report names; old browsers send only the violated one, with its sources. */
function directiveOf(effective: unknown, violated: unknown): CspDirective {
  const name = typeof effective === "string" ? effective : String(violated ?? "").split(" ", 1)[0];
  return cspDirectiveOf(name ?? "");
}

/** The violations of a report-uri or Reporting API body, or null when the body is neither. */
export function violationsIn(type: CspReportType, body: Uint8Array): Violation[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(body));
  } catch {
    return null;
  }
  if (type === "application/csp-report") {
    const report = field(parsed, "csp-report");
    if (typeof report !== "object" || report === null) return null;
    return [
      {
        directive: directiveOf(field(report, "effective-directive"), field(report, "violated-directive")),
        blocked: blockedOf(field(report, "blocked-uri")),
        document: documentOf(field(report, "document-uri")),
      },
    ];
  }
  if (!Array.isArray(parsed)) return null;
  return parsed
    .filter((report) => field(report, "type") === "csp-violation")
    .map((report) => {
      const body = field(report, "body");
      return {
        directive: directiveOf(field(body, "effectiveDirective"), undefined),
        blocked: blockedOf(field(body, "blockedURL")),
        document: documentOf(field(body, "documentURL") ?? field(report, "url")),
      };
    });
}
