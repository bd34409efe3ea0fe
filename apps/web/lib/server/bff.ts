import "server-only";

import { randomUUID } from "node:crypto";

import { getSessionCookie } from "better-auth/cookies";

import { apiTokenFor, cachedApiTokenForCookie } from "@/lib/server/api-token";
import { type AuthSession, getAuth } from "@/lib/server/auth";
import { config } from "@/lib/server/env";

/**
 * The backend-for-frontend: the only way from the browser to the API. Each call is checked against
 * CSRF, needs a Better Auth session, and is forwarded with that session's short-lived token to an
 * allow-listed API path (the route handlers under app/api are that allow-list).
 */

export const API_TIMEOUT_MS = 10_000;
const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
// Response headers of the API that the browser may see; everything else stays on the server.
const FORWARDED_RESPONSE_HEADERS = ["content-type", "retry-after", "location"];

export type ProblemCode =
  | "csrf_rejected"
  | "unauthenticated"
  | "session_expired"
  | "not_found"
  | "api_unavailable"
  | "api_timeout"
  | "auth_unavailable";

export function problem(
  status: number,
  code: ProblemCode,
  title: string,
  detail: string,
  requestId?: string,
): Response {
  const body = {
    type: "about:blank",
    title,
    status,
    detail,
    code,
    ...(requestId ? { request_id: requestId } : {}),
  };
  const headers: Record<string, string> = {
    "content-type": "application/problem+json",
    "cache-control": "no-store",
  };
  if (requestId) headers["x-request-id"] = requestId;
  return new Response(JSON.stringify(body), { status, headers });
}

/**
 * Every call must carry `X-CSRF: 1` (a header a cross-site form or image cannot send), and a
 * state-changing call must also come from the app's own origin. Returns a reason to refuse, or null.
 */
export function csrfViolation(request: Request, appOrigin: string): string | null {
  if (request.headers.get("x-csrf") !== "1") return "the X-CSRF: 1 header is missing";
  if (!STATE_CHANGING.has(request.method)) return null;
  const origin = request.headers.get("origin");
  if (origin !== null) return origin === appOrigin ? null : "the request comes from another origin";
  return request.headers.get("sec-fetch-site") === "same-origin" ? null : "the request's origin is unknown";
}

/** `/v1/todos/{id}` only for a well-formed id: nothing else of the caller's reaches the API's path. */
export function todoPath(id: string): string | null {
  return UUID.test(id) ? `/v1/todos/${id.toLowerCase()}` : null;
}

/** What the browser sees when the API cannot be reached or does not answer in time. */
export function upstreamFailure(error: unknown, requestId: string): Response {
  const timedOut =
    error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError");
  return timedOut
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

export function requestIdOf(request: Request): string {
  const incoming = request.headers.get("x-request-id");
  return incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

async function callApi(
  method: string,
  path: string,
  token: string,
  requestId: string,
  body: string | undefined,
): Promise<Response> {
  // No cookies and nothing else of the browser's request goes upstream.
  const headers: Record<string, string> = {
    authorization: `Bearer ${token}`,
    accept: "application/json",
    "x-request-id": requestId,
  };
  if (body !== undefined) headers["content-type"] = "application/json";
  return fetch(`${config().apiUrl}${path}`, {
    method,
    headers,
    body,
    signal: AbortSignal.timeout(API_TIMEOUT_MS),
    cache: "no-store",
  });
}

function toBrowser(upstream: Response, payload: ArrayBuffer, requestId: string): Response {
  const headers = new Headers({ "cache-control": "no-store", "x-request-id": requestId });
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    if (value !== null) headers.set(name, name === "location" ? value.replace(/^\/v1\//, "/api/") : value);
  }
  const empty = upstream.status === 204 || upstream.status === 304;
  return new Response(empty ? null : payload, { status: upstream.status, headers });
}

/**
 * The API refused even a freshly minted token, so this session cannot be used with it. End the session
 * server-side: otherwise the sign-in page, seeing a live session, would send the browser straight back
 * and it would loop. The cause is almost always configuration; say so in the log (never the secrets).
 */
async function endRefusedSession(session: AuthSession, request: Request, requestId: string): Promise<void> {
  console.error(
    `[todo-web] the API refused a fresh token (request ${requestId}); ending the session. ` +
      "Check /api/health: FRONTEND_JWT_SECRET/BACKEND_JWT_SECRET, AUTH_JWT_ALG, JWT_ISSUER and JWT_AUDIENCE must agree.",
  );
  await getAuth()
    .api.revokeSession({ body: { token: session.session.token }, headers: request.headers })
    .catch(() => undefined);
}

export interface ForwardOptions {
  /** Runs after a successful API call, before answering (e.g. deleting the Better Auth user). */
  afterSuccess?: (session: AuthSession) => Promise<void>;
}

interface EarlyRead {
  sessionId: string;
  response: Promise<Response>;
}

/**
 * A read for a session cookie that already has a cached token is sent before the session check has
 * finished: the check (about 1 ms of Better Auth and PostgreSQL) and the API call then overlap. Its
 * answer is released only once the check has confirmed the same session; otherwise it is dropped.
 * Writes always wait for the check.
 */
function startEarlyRead(
  request: Request,
  sessionCookie: string | null,
  call: (token: string) => Promise<Response>,
): EarlyRead | null {
  if (request.method !== "GET" || !sessionCookie) return null;
  const cached = cachedApiTokenForCookie(sessionCookie);
  if (!cached) return null;
  const response = call(cached.token);
  response.catch(() => undefined); // a failure matters only if the answer is used, and is handled there
  return { sessionId: cached.sessionId, response };
}

function drop(read: EarlyRead | null): void {
  read?.response.then((response) => response.arrayBuffer()).catch(() => undefined);
}

/** Check, authenticate and forward one browser request to `apiPath` (query string kept for GET). */
export async function forward(
  request: Request,
  apiPath: string,
  options: ForwardOptions = {},
): Promise<Response> {
  const requestId = requestIdOf(request);
  const violation = csrfViolation(request, config().appOrigin);
  if (violation) return problem(403, "csrf_rejected", "Request refused", `Refused: ${violation}.`, requestId);

  const search = request.method === "GET" ? new URL(request.url).search : "";
  const body =
    STATE_CHANGING.has(request.method) && request.method !== "DELETE" ? await request.text() : undefined;
  const call = (token: string) => callApi(request.method, apiPath + search, token, requestId, body);
  const sessionCookie = getSessionCookie(request.headers);
  const earlyRead = startEarlyRead(request, sessionCookie, call);

  let session: AuthSession | null;
  try {
    session = await getAuth().api.getSession({ headers: request.headers });
  } catch (error) {
    drop(earlyRead);
    console.error(`[todo-web] session check failed (request ${requestId}): ${(error as Error).message}`);
    return problem(
      503,
      "auth_unavailable",
      "Service unavailable",
      "Sign-in cannot be checked right now. Try again shortly.",
      requestId,
    );
  }
  if (!session) {
    drop(earlyRead);
    return problem(401, "unauthenticated", "Not signed in", "Sign in to continue.", requestId);
  }
  // Asked even when the early read is used: this is what refreshes the token in the background.
  const token = apiTokenFor(session, { sessionCookie });
  try {
    let upstream: Response;
    if (earlyRead && earlyRead.sessionId === session.session.id) {
      token.catch(() => undefined);
      upstream = await earlyRead.response;
    } else {
      drop(earlyRead);
      upstream = await call(await token);
    }
    if (upstream.status === 401) {
      // A token the API no longer accepts (a rotated secret, a clock jump): one retry with a new one.
      await upstream.arrayBuffer();
      upstream = await call(await apiTokenFor(session, { fresh: true }));
      if (upstream.status === 401) {
        await upstream.arrayBuffer();
        await endRefusedSession(session, request, requestId);
        return problem(
          401,
          "session_expired",
          "Session expired",
          "Your session has expired. Sign in again.",
          requestId,
        );
      }
    }
    const payload = await upstream.arrayBuffer();
    if (upstream.ok && options.afterSuccess) await options.afterSuccess(session);
    return toBrowser(upstream, payload, requestId);
  } catch (error) {
    return upstreamFailure(error, requestId);
  }
}

export function notFound(request: Request): Response {
  return problem(404, "not_found", "Not found", "No todo with this id.", requestIdOf(request));
}
