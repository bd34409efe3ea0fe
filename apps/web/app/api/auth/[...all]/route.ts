import { toNextJsHandler } from "better-auth/next-js";

import { getAuth } from "@/lib/server/auth";
import { requestIdOf } from "@/lib/server/bff-route";
import { bodyTooLarge, readBoundedBody } from "@/lib/server/read-bounded-body";

export const dynamic = "force-dynamic";

/**
 * Better Auth says how long a refused client should wait in `X-Retry-After` only; HTTP's own
 * `Retry-After` (RFC 9110, 10.2.3) is what generic clients, proxies and retry libraries read.
 */
function withRetryAfter(response: Response): Response {
  const seconds = response.headers.get("X-Retry-After");
  if (response.status !== 429 || !seconds || response.headers.has("Retry-After")) return response;
  const answer = new Response(response.body, response);
  answer.headers.set("Retry-After", seconds);
  return answer;
}

export async function GET(request: Request) {
  return withRetryAfter(await toNextJsHandler(getAuth()).GET(request));
}

/** Better Auth reads a body whole, before any check: sign-in and sign-up get it bounded first. */
export async function POST(request: Request) {
  const body = await readBoundedBody(request);
  if (body === null) return bodyTooLarge(requestIdOf(request));
  return withRetryAfter(await toNextJsHandler(getAuth()).POST(new Request(request, { body })));
}
