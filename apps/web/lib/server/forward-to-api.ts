import "server-only";

import { Readable } from "node:stream";
import { Agent, type Dispatcher, errors as undiciErrors, request as undiciRequest } from "undici";
import { apiTokenFor } from "@/lib/server/api-token";
import { getAuth } from "@/lib/server/auth";
import { type ApiAnswer, type BffCall, bffRoute, type CheckedBffCall, drop } from "@/lib/server/bff-route";
import { config } from "@/lib/server/env";
import { problem } from "@/lib/server/problem";
import { log } from "@/runtime/log.mjs";
import { metrics, secondsSince, statusClass, upstreamRouteOf } from "@/runtime/metrics.mjs";

/**
 * The BFF's way to the API: a checked call is forwarded with its session's short-lived token to an
 * allow-listed API path (the route handlers under app/api are that allow-list), without cookies.
 */

export const API_TIMEOUT_MS = 10_000;
// Request headers of the browser that the API acts on: a create's retry key, and the version a change expects.
const FORWARDED_REQUEST_HEADERS = ["idempotency-key", "if-match"];
// Response headers of the API that the browser may see; everything else stays on the server.
const FORWARDED_RESPONSE_HEADERS = [
  "content-type",
  "content-disposition",
  "retry-after",
  "location",
  "etag",
  "idempotent-replayed",
];

/** How a route forwards beyond the default (a JSON body, an answer read whole before it is passed on). */
export interface ForwardOptions {
  /** The body's media type when it is not JSON (an uploaded file). */
  contentType?: string;
  /** Pass a successful answer on as it arrives (an export), rather than read whole first. */
  stream?: boolean;
}

function timedOut(error: unknown): boolean {
  return (
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    (error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError"))
  );
}

/** What the browser sees when the API cannot be reached or does not answer in time. */
export function upstreamFailure(error: unknown, requestId: string): Response {
  return timedOut(error)
    ? problem(
        504,
        "api_timeout",
        "The server took too long",
        "The todo service did not answer in time. Try again.",
        requestId,
      )
    : problem(
        503,
        "api_unavailable",
        "Service unavailable",
        "The todo service cannot be reached right now. Try again shortly.",
        requestId,
      );
}

// Below the API's IDLE_CONNECTION_SECONDS (apps/api/src/todo_api/cli.py) and docker/haproxy's http-keep-alive.
export const IDLE_CONNECTION_MS = 4_000;
const API_AGENT_KEY = Symbol.for("todo-web.api-agent");
const processGlobals = globalThis as typeof globalThis & { [API_AGENT_KEY]?: Agent };
/**
 * Kept-alive connections to the API, one pool per process (route handlers are bundled apart), used
 * through undici's `request`: it costs a fraction of the CPU of `fetch`, which wraps every body in
 * web streams (figures in docs/performance.md). An idle one is closed before the API or a balancer in
 * front of it would close it, since a call sent as the server closes the connection fails (503).
 */
function apiAgent(): Agent {
  processGlobals[API_AGENT_KEY] ??= new Agent({ keepAliveTimeout: IDLE_CONNECTION_MS, connections: 64 });
  return processGlobals[API_AGENT_KEY];
}

/** An API call, timed by route template and status class; a call without an answer counts as a failure. */
async function timedRequest(
  apiPath: string,
  url: string,
  options: Omit<Dispatcher.RequestOptions, "origin" | "path">,
): Promise<ApiAnswer> {
  const route = upstreamRouteOf(apiPath);
  const started = performance.now();
  try {
    const answer = await undiciRequest(url, { ...options, dispatcher: apiAgent() });
    metrics.upstreamDuration.observe(
      { route, status_class: statusClass(answer.statusCode) },
      secondsSince(started),
    );
    return answer;
  } catch (error) {
    metrics.upstreamDuration.observe({ route, status_class: "error" }, secondsSince(started));
    metrics.upstreamFailures.inc({ kind: timedOut(error) ? "timeout" : "connection" });
    throw error;
  }
}

/** The browser's call sent to `apiPath` (query string kept for GET) with `token`, and nothing else of it. */
function callApi(
  call: BffCall<unknown>,
  apiPath: string,
  token: string,
  body?: Uint8Array<ArrayBuffer>,
  contentType = "application/json",
): Promise<ApiAnswer> {
  const { request, requestId } = call;
  // Every method's query string goes along: a write may be scoped by it too (clear-completed's list_id).
  const search = new URL(request.url).search;
  const headers: Record<string, string> = {
    authorization: `Bearer ${token}`,
    accept: "application/json",
    "x-request-id": requestId,
  };
  if (body !== undefined) headers["content-type"] = contentType;
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  return timedRequest(apiPath, `${config().apiUrl}${apiPath}${search}`, {
    method: request.method as Dispatcher.HttpMethod,
    headers,
    body,
    // undici's own timers (for the answer's headers, then between its body's chunks) rather than an
    // AbortSignal.timeout per call: that signal and its timer showed in the BFF's profile, the floor has neither.
    headersTimeout: API_TIMEOUT_MS,
    bodyTimeout: API_TIMEOUT_MS,
  });
}

function toBrowser(
  upstream: ApiAnswer,
  payload: ArrayBuffer | ReadableStream<Uint8Array>,
  requestId: string,
): Response {
  const headers = new Headers({ "cache-control": "no-store", "x-request-id": requestId });
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = upstream.headers[name];
    if (typeof value === "string")
      headers.set(name, name === "location" ? value.replace(/^\/v1\//, "/api/") : value);
  }
  const empty = upstream.statusCode === 204 || upstream.statusCode === 304;
  return new Response(empty ? null : payload, { status: upstream.statusCode, headers });
}

/**
 * The API refused even a freshly minted token, so this session cannot be used with it. End the session
 * server-side: otherwise the sign-in page, seeing a live session, would send the browser straight back
 * and it would loop. The cause is almost always configuration; say so in the log (never the secrets).
 */
async function endRefusedSession(call: CheckedBffCall<unknown>): Promise<void> {
  log.error(
    { request_id: call.requestId },
    "the API refused a fresh token; ending the session. " +
      "FRONTEND_JWT_SECRET/BACKEND_JWT_SECRET, AUTH_JWT_ALG, JWT_ISSUER and JWT_AUDIENCE must agree.",
  );
  await getAuth()
    .api.revokeSession({ body: { token: call.session.session.token }, headers: call.request.headers })
    .catch(() => undefined);
}

/**
 * The API refused a claim drawn from the account itself (a name or email beyond the token contract's
 * limits, from before they were enforced): not a configuration fault, and signing in again would not help.
 */
function refusedAccountDetails(requestId: string): Response {
  log.error(
    { request_id: requestId, reason: "claim_invalid" },
    "the API refused a claim of this account's token: its name or email is longer than the token contract allows.",
  );
  return problem(
    422,
    "account_details_invalid",
    "Account details not accepted",
    "Your name or email address is longer than this app supports. Shorten it on the account page, then try again.",
    requestId,
  );
}

/** Forwards a checked call to `apiPath`, with one retry on a fresh token when the API answers 401. */
export async function forwardToApi(
  call: CheckedBffCall<unknown>,
  apiPath: string,
  { contentType, stream = false }: ForwardOptions = {},
): Promise<Response> {
  const { session, sessionCookie, body, requestId } = call;
  // Asked even when the early answer is used: this is what refreshes the token in the background.
  const token = apiTokenFor(session, { sessionCookie });
  try {
    let upstream: ApiAnswer;
    if (call.earlyAnswer) {
      token.catch(() => undefined);
      upstream = await call.earlyAnswer;
    } else {
      upstream = await callApi(call, apiPath, await token, body, contentType);
    }
    if (upstream.statusCode === 401) {
      // A token the API no longer accepts (a rotated secret, a clock jump): one retry with a new one.
      await upstream.body.dump();
      metrics.upstreamRetries.inc({ reason: "401" });
      upstream = await callApi(call, apiPath, await apiTokenFor(session, { fresh: true }), body, contentType);
      if (upstream.statusCode === 401) {
        const refusal = (await upstream.body.json().catch(() => ({}))) as { reason?: string };
        if (refusal.reason === "claim_invalid") return refusedAccountDetails(requestId);
        await endRefusedSession(call);
        return problem(
          401,
          "session_expired",
          "Session expired",
          "Your session has expired. Sign in again.",
          requestId,
        );
      }
    }
    if (stream && upstream.statusCode === 200)
      return toBrowser(upstream, Readable.toWeb(upstream.body) as ReadableStream<Uint8Array>, requestId);
    return toBrowser(upstream, await upstream.body.arrayBuffer(), requestId);
  } catch (error) {
    return upstreamFailure(error, requestId);
  }
}

/**
 * A BFF route that forwards to the API path `apiPath` gives for the route's parameters; null means
 * there is no such resource (404, and nothing of the caller's reaches the API's path). Reads may
 * start early (see `readEarly` in bff-route.ts).
 */
export function forwardedRoute<Params = Record<string, never>>(apiPath: (params: Params) => string | null) {
  return bffRoute<Params>(
    async (call) => {
      const path = apiPath(call.params);
      if (path === null) {
        metrics.allowlistRefusals.inc();
        drop(call.earlyAnswer);
        return problem(404, "not_found", "Not found", "Nothing exists at this address.", call.requestId);
      }
      return forwardToApi(call, path);
    },
    {
      readEarly: (call, token) => {
        const path = apiPath(call.params);
        return path === null ? null : callApi(call, path, token);
      },
    },
  );
}
