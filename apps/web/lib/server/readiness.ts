import "server-only";

import { mintApiToken } from "@/lib/server/api-token";
import { getDatabasePool } from "@/lib/server/auth";
import { config } from "@/lib/server/env";
import { log } from "@/runtime/log.mjs";

/**
 * The deep check, for operators, alerts and the blackbox probe (`/api/health`), not for routing (that
 * is `/api/ready`): does the whole product work from here — its database, the API, and, the check
 * that catches a secret mismatch between the two sides (SC-004), does the API accept a token minted
 * here right now? `/api/health` is public, so it gets only the verdict of a check at most
 * CACHE_MILLISECONDS old (one check at a time, whatever the request rate); the details go to the
 * server's log.
 */

export interface Check {
  ok: boolean;
  detail: string;
}

export interface ReadinessReport {
  ready: boolean;
  checks: { database: Check; api: Check; token: Check };
}

const CHECK_TIMEOUT_MS = 3_000;
const CACHE_MILLISECONDS = 2_000;
// The token check calls GET /v1/me as this synthetic user: the API keeps a row for it.
const HEALTH_SUBJECT = {
  sessionId: "readiness-check",
  userId: "readiness-check",
  email: "readiness-check@localhost",
  name: null,
  amr: null,
};

async function checkDatabase(): Promise<Check> {
  try {
    await getDatabasePool().query("SELECT 1");
    return { ok: true, detail: "reachable" };
  } catch (error) {
    return { ok: false, detail: `cannot reach PostgreSQL at DATABASE_URL (${(error as Error).message})` };
  }
}

async function checkApi(): Promise<Check> {
  try {
    const response = await fetch(`${config().apiUrl}/readyz`, {
      signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
    });
    return response.ok
      ? { ok: true, detail: "reachable and ready" }
      : { ok: false, detail: `the API at API_URL answers ${response.status} to /readyz` };
  } catch {
    return { ok: false, detail: `cannot reach the API at API_URL (${config().apiUrl})` };
  }
}

function mismatchAdvice(reason: string | undefined): string {
  if (config().jwtAlgorithm === "HS256") {
    return (
      `the API rejects tokens signed with FRONTEND_JWT_SECRET (reason: ${reason ?? "unknown"}): ` +
      "FRONTEND_JWT_SECRET (web) and BACKEND_JWT_SECRET (API) must hold the same value, and AUTH_JWT_ALG, " +
      "JWT_ISSUER and JWT_AUDIENCE must agree on both sides"
    );
  }
  return (
    `the API rejects tokens signed with this app's EdDSA keys (reason: ${reason ?? "unknown"}): ` +
    "JWT_JWKS_URL on the API must point to this app's /api/auth/jwks, and AUTH_JWT_ALG, JWT_ISSUER and " +
    "JWT_AUDIENCE must agree on both sides"
  );
}

async function checkToken(): Promise<Check> {
  try {
    const { token } = await mintApiToken(HEALTH_SUBJECT);
    const response = await fetch(`${config().apiUrl}/v1/me`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
    });
    // The API counts a request against the user's rate limit only after it has accepted the token.
    if (response.ok || response.status === 429)
      return { ok: true, detail: "the API accepts tokens minted here" };
    const body = (await response.json().catch(() => ({}))) as { reason?: string };
    if (response.status === 401) return { ok: false, detail: mismatchAdvice(body.reason) };
    return { ok: false, detail: `the API answered ${response.status} to a freshly minted token` };
  } catch (error) {
    return { ok: false, detail: `could not mint or send a token (${(error as Error).message})` };
  }
}

async function checkReadiness(): Promise<ReadinessReport> {
  const [database, api] = await Promise.all([checkDatabase(), checkApi()]);
  const token = api.ok ? await checkToken() : { ok: false, detail: "not checked: the API is unreachable" };
  return { ready: database.ok && api.ok && token.ok, checks: { database, api, token } };
}

function summary({ ready, checks }: ReadinessReport): string {
  if (ready) return "ready: the database and the API answer, and the API accepts this app's tokens";
  const failed = Object.entries(checks).filter(([, check]) => !check.ok);
  return `not ready: ${failed.map(([name, check]) => `${name}: ${check.detail}`).join("; ")}`;
}

interface ReadinessCheck {
  report: Promise<ReadinessReport>;
  /** When the check ended; undefined while it runs. */
  settledAt?: number;
}

interface ReadinessState {
  latest?: ReadinessCheck;
  lastLogged?: string;
}

// instrumentation.ts and the route handlers are bundled apart, each with its own copy of this module;
// they share one state (one check at a time, each change logged once) through the process's globals.
const processGlobals = globalThis as { [key: symbol]: ReadinessState | undefined };
const STATE_KEY = Symbol.for("todo-web.readiness");
processGlobals[STATE_KEY] ??= {};
const state: ReadinessState = processGlobals[STATE_KEY];

function isFresh({ settledAt }: ReadinessCheck): boolean {
  return settledAt === undefined || Date.now() - settledAt < CACHE_MILLISECONDS;
}

/**
 * The latest readiness report: the check in flight, or one that ended less than CACHE_MILLISECONDS
 * ago, or else a new check. Each change of the verdict or its reasons is logged.
 */
export function readiness(): Promise<ReadinessReport> {
  if (state.latest && isFresh(state.latest)) return state.latest.report;
  const check: ReadinessCheck = {
    report: checkReadiness().then((report) => {
      check.settledAt = Date.now();
      const description = summary(report);
      if (description !== state.lastLogged) {
        state.lastLogged = description;
        if (report.ready) log.info(description);
        else log.error(description);
      }
      return report;
    }),
  };
  state.latest = check;
  return check.report;
}
