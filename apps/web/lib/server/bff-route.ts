import "server-only";

import { getSessionCookie } from "better-auth/cookies";
import type { Dispatcher } from "undici";
import { subjectOf } from "@/lib/server/api-token";
import { type AuthSession, cookiePrefixFor } from "@/lib/server/auth";
import { csrfViolation } from "@/lib/server/csrf-violation";
import { config } from "@/lib/server/env";
import { problem } from "@/lib/server/problem";
import { bodyTooLarge, MAX_BODY_BYTES, readBoundedBody } from "@/lib/server/read-bounded-body";
import { checkSession } from "@/lib/server/session-check";
import { apiTokenCache, claimsOf } from "@/lib/server/token-cache";
import { log, requestIdFrom } from "@/runtime/log.mjs";
import { metrics, secondsSince } from "@/runtime/metrics.mjs";

/**
 * The one guard of every BFF route handler: request id, CSRF, the Better Auth session (503 when it
 * cannot be checked), and only then the body, bounded. Handlers get a checked call or never run.
 */

const WITH_BODY = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** An answer of the API (undici's `request`), its body not yet read. */
export type ApiAnswer = Dispatcher.ResponseData;

/** A browser call before its session is checked. */
export interface BffCall<Params> {
  request: Request;
  requestId: string;
  params: Params;
}

/** A browser call that passed the guard. */
export interface CheckedBffCall<Params> extends BffCall<Params> {
  session: AuthSession;
  sessionCookie: string | null;
  /** The body of a POST, PUT, PATCH or DELETE (at most MAX_BODY_BYTES); undefined for other methods. */
  body: Uint8Array<ArrayBuffer> | undefined;
  /** The answer of the route's `readEarly`, when it was started for this very session. */
  earlyAnswer: Promise<ApiAnswer> | null;
}

export interface BffRouteOptions<Params> {
  /**
   * For a GET whose cookie has a cached token: the same read, started with that token while the
   * session is checked (the two overlap). Its answer reaches the handler only if the check confirms
   * the session the token belongs to; otherwise it is dropped. Null when there is nothing to read.
   */
  readEarly?: (call: BffCall<Params>, token: string) => Promise<ApiAnswer> | null;
  /** The largest body the route takes, when it takes more than MAX_BODY_BYTES (an uploaded file). */
  maxBodyBytes?: number;
}

type RouteContext<Params> = { params: Promise<Params> };

/** The id server.mjs gave the request (its X-Request-ID), or a new one where server.mjs is not in front. */
export function requestIdOf(request: Request): string {
  return requestIdFrom(request.headers.get("x-request-id"));
}

interface EarlyRead {
  sessionId: string;
  /** The account details the read's token carries. */
  claims: string;
  response: Promise<ApiAnswer>;
}

function startEarlyRead<Params>(
  call: BffCall<Params>,
  sessionCookie: string | null,
  readEarly: BffRouteOptions<Params>["readEarly"],
): EarlyRead | null {
  if (call.request.method !== "GET" || !sessionCookie || !readEarly) return null;
  const cached = apiTokenCache.cachedForCookie(sessionCookie);
  const response = cached ? readEarly(call, cached.token) : null;
  if (!cached || !response) return null;
  response.catch(() => undefined); // a failure matters only if the answer is used, and is handled there
  return { sessionId: cached.sessionId, claims: cached.claims, response };
}

/** Reads an unused answer to its end, so that its connection can be reused. */
export function drop(answer: Promise<ApiAnswer> | null | undefined): void {
  answer?.then((response) => response.body.dump()).catch(() => undefined);
}

/** Drops an early read the session check did not confirm. */
function dropEarly(early: EarlyRead | null): void {
  if (!early) return;
  metrics.earlyReads.inc({ outcome: "dropped" });
  drop(early.response);
}

/** Better Auth's session for the request, timed by result; throws when it cannot be checked. */
async function timedSessionCheck(
  request: Request,
  sessionCookie: string | null,
): Promise<AuthSession | null> {
  const started = performance.now();
  let result = "error";
  try {
    const session = await checkSession(request, sessionCookie);
    result = session ? "valid" : "none";
    return session;
  } finally {
    metrics.sessionCheckDuration.observe({ result }, secondsSince(started));
  }
}

/** Wraps a route handler in the guard; the handler runs only for a checked session. */
export function bffRoute<Params = Record<string, never>>(
  handle: (call: CheckedBffCall<Params>) => Promise<Response>,
  { readEarly, maxBodyBytes = MAX_BODY_BYTES }: BffRouteOptions<Params> = {},
): (request: Request, context: RouteContext<Params>) => Promise<Response> {
  return async (request, context) => {
    const requestId = requestIdOf(request);
    const violation = csrfViolation(request, config().appOrigin);
    if (violation) {
      metrics.csrfRefusals.inc({ reason: violation.reason });
      return problem(
        403,
        "csrf_rejected",
        "Request refused",
        `Refused: ${violation.description}.`,
        requestId,
      );
    }

    const call: BffCall<Params> = { request, requestId, params: await context.params };
    const sessionCookie = getSessionCookie(request.headers, {
      cookiePrefix: cookiePrefixFor(config().appOrigin),
    });
    const early = startEarlyRead(call, sessionCookie, readEarly);
    let session: AuthSession | null;
    try {
      session = await timedSessionCheck(request, sessionCookie);
    } catch (error) {
      dropEarly(early);
      log.error({ request_id: requestId, error: (error as Error).message }, "session check failed");
      return problem(
        503,
        "auth_unavailable",
        "Service unavailable",
        "Sign-in cannot be checked right now. Try again shortly.",
        requestId,
      );
    }
    if (!session) {
      dropEarly(early);
      return problem(401, "unauthenticated", "Not signed in", "Sign in to continue.", requestId);
    }
    let earlyAnswer: Promise<ApiAnswer> | null = null;
    // Released only for the session the token was minted for, while its name and email are unchanged.
    if (early?.sessionId === session.session.id && early.claims === claimsOf(subjectOf(session))) {
      metrics.earlyReads.inc({ outcome: "released" });
      earlyAnswer = early.response;
    } else dropEarly(early);

    try {
      let body: Uint8Array<ArrayBuffer> | undefined;
      if (WITH_BODY.has(request.method)) {
        const bounded = await readBoundedBody(request, maxBodyBytes);
        if (bounded === null) return bodyTooLarge(requestId, maxBodyBytes);
        body = bounded;
      }
      return await handle({ ...call, session, sessionCookie, body, earlyAnswer });
    } catch (error) {
      log.error({ request_id: requestId, error: (error as Error).message }, "request failed");
      return problem(
        500,
        "internal_error",
        "Something went wrong",
        "Something went wrong on our side. Try again.",
        requestId,
      );
    }
  };
}
