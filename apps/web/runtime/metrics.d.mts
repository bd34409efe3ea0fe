import type { Server } from "node:http";
import type { Counter, Histogram, Registry } from "prom-client";

/** A BFF route of routes.json (`/api/todos/[id]`), one of the auth actions' routes, or `page`. */
export type Route = string;
/** An API path of routes.json (`/v1/todos/{todo_id}`), or `other`. */
export type UpstreamRoute = string;
export type CspDirective =
  | "default-src"
  | "script-src"
  | "script-src-elem"
  | "script-src-attr"
  | "style-src"
  | "style-src-elem"
  | "style-src-attr"
  | "img-src"
  | "font-src"
  | "connect-src"
  | "media-src"
  | "object-src"
  | "frame-src"
  | "worker-src"
  | "manifest-src"
  | "base-uri"
  | "form-action"
  | "frame-ancestors"
  | "other";
export type AuthAction = "sign_up" | "sign_in";
export type AuthOutcome = "success" | "invalid_input" | "wrong_credentials" | "rate_limited" | "error";

export const ROUTES: readonly Route[];
export function routeOf(target: string): Route;
export function methodOf(method: string | undefined): string;
export function upstreamRouteOf(apiPath: string): UpstreamRoute;
export const CSP_DIRECTIVES: readonly CspDirective[];
export function cspDirectiveOf(directive: string): CspDirective;
export function statusClass(status: number): string;
export function authOutcome(status: number): AuthOutcome;
export function authActionOf(method: string | undefined, route: Route): AuthAction | null;
export function secondsSince(started: number): number;
export function serveMetrics(host: string, port: number): Promise<Server>;

export const metrics: {
  registry: Registry;
  httpRequests: Counter<"route" | "method" | "status">;
  httpDuration: Histogram<"route" | "method" | "status">;
  sessionCheckDuration: Histogram<"result">;
  tokenMints: Counter<"result" | "reason">;
  tokenMintDuration: Histogram<"trigger">;
  tokenCacheLookups: Counter<"outcome">;
  tokenBackgroundRefreshes: Counter<string>;
  tokenSingleFlightJoins: Counter<string>;
  earlyReads: Counter<"outcome">;
  upstreamDuration: Histogram<"route" | "status_class">;
  upstreamFailures: Counter<"kind">;
  upstreamRetries: Counter<"reason">;
  csrfRefusals: Counter<"reason">;
  allowlistRefusals: Counter<string>;
  cspReports: Counter<"directive">;
  authAttempts: Counter<"action" | "outcome">;
};
