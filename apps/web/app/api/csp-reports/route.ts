import { getIP } from "better-auth/api";

import { CLIENT_IP_OPTIONS } from "@/lib/server/auth";
import { requestIdOf } from "@/lib/server/bff-route";
import {
  MAX_REPORT_BYTES,
  MAX_REPORTS_PER_REQUEST,
  REPORTS_PER_MINUTE,
  reportTypeOf,
  violationsIn,
} from "@/lib/server/csp-report";
import { FixedWindowLimit } from "@/lib/server/fixed-window-limit";
import { bodyTooLarge, readBoundedBody } from "@/lib/server/read-bounded-body";
import { log } from "@/runtime/log.mjs";
import { metrics } from "@/runtime/metrics.mjs";

export const dynamic = "force-dynamic";

const limit = new FixedWindowLimit(REPORTS_PER_MINUTE, 60_000, 10_000);

function answer(status: number, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers: { "cache-control": "no-store", ...headers } });
}

/**
 * Takes browsers' violation reports without cookie or CSRF checks, since browsers send neither, and
 * rate-limits them per client address instead.
 */
export async function POST(request: Request): Promise<Response> {
  // The client as the sign-in limits see it (one IPv6 /64 is one client), so that rotating addresses
  // within a network's range starts no new count.
  const client = getIP(request, { advanced: { ipAddress: CLIENT_IP_OPTIONS } }) ?? "unknown";
  if (!limit.allow(client)) {
    return answer(429, { "retry-after": String(limit.retryAfterSeconds(client)) });
  }
  const type = reportTypeOf(request.headers.get("content-type"));
  if (type === null) return answer(415);
  const body = await readBoundedBody(request, MAX_REPORT_BYTES);
  if (body === null) return bodyTooLarge(requestIdOf(request), MAX_REPORT_BYTES);
  const violations = violationsIn(type, body);
  if (violations === null) return answer(400);
  for (const violation of violations.slice(0, MAX_REPORTS_PER_REQUEST)) {
    metrics.cspReports.inc({ directive: violation.directive });
    log.warn({ request_id: requestIdOf(request), ...violation }, "content security policy violation");
  }
  return answer(204);
}
