// @ts-check
/**
 * The web app's Prometheus metrics (catalogue: docs/operations.md, "Web app and BFF"): one registry,
 * served by `serveMetrics` on a listener of its own, never on the public port. server.mjs imports this
 * file as it is and the route handlers get a bundled copy of it, so the metrics live on the process's
 * globals, created once by whichever copy runs first. Label values come from fixed sets only.
 */
import { createServer } from "node:http";
import client from "prom-client";
import routeTable from "../routes.json" with { type: "json" };

const PREFIX = "todo_web_";
// Whole requests and calls to the API, up to the BFF's timeout, with an edge at the BFF latency objective.
const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
// Session checks take well under a millisecond when all is well, so their buckets start lower.
const FAST_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];
// Mints as fine as session checks, with an edge at the refresh objective (SC-009).
const MINT_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1];

// Static routes before those with a parameter, as Next.js and the API match them.
/** @type {(a: string, b: string) => number} */
const byStaticFirst = (a, b) => Number(/[[{]/.test(a)) - Number(/[[{]/.test(b));
/**
 * A pattern that matches a path of `template`, where each `[param]` or `{param}` is one segment.
 * @param {string} template
 * @param {{ trailingSlash: boolean }} options
 * @returns {RegExp}
 */
function templatePattern(template, { trailingSlash }) {
  const segments = template
    .split("/")
    .map((segment) =>
      /^(\[\w+\]|\{\w+\})$/.test(segment) ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
    );
  return new RegExp(`^${segments.join("/")}${trailingSlash ? "/?" : ""}$`);
}
/** @type {[RegExp, string][]} */
const ROUTE_PATTERNS = [
  ...routeTable.routes
    .map((route) => route.path)
    .filter((path) => !path.includes("[..."))
    .sort(byStaticFirst)
    .map((path) => /** @type {[RegExp, string]} */ ([templatePattern(path, { trailingSlash: true }), path])),
  // Better Auth's catch-all route, split into the actions the sign-up and sign-in metrics count.
  [/^\/api\/auth\/sign-up(\/|$)/, "/api/auth/sign-up"],
  [/^\/api\/auth\/sign-in(\/|$)/, "/api/auth/sign-in"],
  [/^\/api\/auth(\/|$)/, "/api/auth/other"],
];
/** A BFF route of routes.json (`/api/todos/[id]`), one of the auth actions' routes, or `page`. */
export const ROUTES = [...ROUTE_PATTERNS.map(([, route]) => route), "page"];
// The fetch directives and the few others a browser reports a violation of.
export const CSP_DIRECTIVES = /** @type {const} */ ([
  "default-src",
  "script-src",
  "script-src-elem",
  "script-src-attr",
  "style-src",
  "style-src-elem",
  "style-src-attr",
  "img-src",
  "font-src",
  "connect-src",
  "media-src",
  "object-src",
  "frame-src",
  "worker-src",
  "manifest-src",
  "base-uri",
  "form-action",
  "frame-ancestors",
  "other",
]);
/** @typedef {(typeof CSP_DIRECTIVES)[number]} CspDirective */
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
/** @type {[RegExp, string][]} */
const UPSTREAM_PATTERNS = [...new Set(routeTable.routes.flatMap((route) => (route.api ? [route.api] : [])))]
  .sort(byStaticFirst)
  .map((path) => /** @type {[RegExp, string]} */ ([templatePattern(path, { trailingSlash: false }), path]));

/**
 * The route template of a request target (path, with or without a query): one of ROUTES.
 * @param {string} target
 */
export function routeOf(target) {
  const pathname = target.split("?", 1)[0];
  for (const [pattern, route] of ROUTE_PATTERNS) if (pattern.test(pathname)) return route;
  return "page";
}

/**
 * The method as a label: one of the methods the app answers, or `other`.
 * @param {string | undefined} method
 */
export function methodOf(method) {
  return method && METHODS.has(method) ? method : "other";
}

/** The API route template of a path the BFF calls; `other`, never expected, keeps any other path out of the label. */
/** @param {string} apiPath */
export function upstreamRouteOf(apiPath) {
  for (const [pattern, route] of UPSTREAM_PATTERNS) if (pattern.test(apiPath)) return route;
  return "other";
}

/**
 * A violated directive as a label: one of CSP_DIRECTIVES, `other` for anything a browser may add.
 * @param {string} directive
 * @returns {CspDirective}
 */
export function cspDirectiveOf(directive) {
  return CSP_DIRECTIVES.find((known) => known === directive) ?? "other";
}

/**
 * `2xx` … `5xx` for an HTTP status.
 * @param {number} status
 */
export function statusClass(status) {
  return `${Math.trunc(status / 100)}xx`;
}

/**
 * What a sign-up or sign-in answer says about the attempt: Better Auth answers 401 for a wrong email or
 * password, 429 when rate limited, another 4xx for input it refuses, 5xx when it fails.
 * @param {number} status
 */
export function authOutcome(status) {
  if (status < 400) return "success";
  if (status === 401) return "wrong_credentials";
  if (status === 429) return "rate_limited";
  if (status < 500) return "invalid_input";
  return "error";
}

/**
 * The sign-up or sign-in action a request is, or null for any other request.
 * @param {string | undefined} method
 * @param {string} route one of ROUTES
 */
export function authActionOf(method, route) {
  if (method !== "POST") return null;
  if (route === "/api/auth/sign-up") return "sign_up";
  if (route === "/api/auth/sign-in") return "sign_in";
  return null;
}

/**
 * Every combination of the given label values.
 * @param {Record<string, readonly string[]>} values
 * @returns {Record<string, string>[]}
 */
function combinations(values) {
  return Object.entries(values).reduce(
    (sets, [name, options]) => sets.flatMap((set) => options.map((option) => ({ ...set, [name]: option }))),
    /** @type {Record<string, string>[]} */ ([{}]),
  );
}

/**
 * `labels` maps each label name to its values, or to null where they are open (routes, statuses).
 * With every value known, each series is written at zero from the start, so that a rate or an alert
 * over it has data before its first event.
 */
function createMetrics() {
  // OpenMetrics, the format Prometheus asks for, since only it carries exemplars.
  /** @type {client.Registry<client.OpenMetricsContentType>} */
  const registry = new client.Registry();
  registry.setContentType(client.Registry.OPENMETRICS_CONTENT_TYPE);
  client.collectDefaultMetrics({ register: registry, prefix: PREFIX });
  const registers = [registry];
  /** @param {Record<string, readonly string[] | null>} labels */
  const knownSeries = (labels) =>
    Object.keys(labels).length > 0 && Object.values(labels).every(Array.isArray)
      ? combinations(/** @type {Record<string, readonly string[]>} */ (labels))
      : [];
  /**
   * @template {string} Label
   * @param {string} name
   * @param {string} help
   * @param {Record<Label, readonly string[] | null>} labels
   */
  const counter = (name, help, labels) => {
    const metric = new client.Counter({
      name: PREFIX + name,
      help,
      labelNames: /** @type {Label[]} */ (Object.keys(labels)),
      registers,
    });
    for (const series of knownSeries(labels))
      metric.inc(/** @type {client.LabelValues<Label>} */ (series), 0);
    return metric;
  };
  /**
   * @template {string} Label
   * @param {string} name
   * @param {string} help
   * @param {Record<Label, readonly string[] | null>} labels
   * @param {number[]} buckets
   */
  const histogram = (name, help, labels, buckets, { enableExemplars = false } = {}) => {
    const metric = new client.Histogram({
      name: PREFIX + name,
      help,
      labelNames: /** @type {Label[]} */ (Object.keys(labels)),
      buckets,
      registers,
      enableExemplars,
    });
    for (const series of knownSeries(labels)) metric.zero(/** @type {client.LabelValues<Label>} */ (series));
    return metric;
  };
  const open = null;
  return {
    registry,
    httpRequests: counter("http_requests_total", "Answers of the web server.", {
      route: open,
      method: open,
      status: open,
    }),
    // Observed with the request's sampled trace as an exemplar (server.mjs): a slow bucket leads to a trace.
    httpDuration: histogram(
      "http_request_duration_seconds",
      "Time to answer a request.",
      { route: open, method: open, status: open },
      HTTP_BUCKETS,
      { enableExemplars: true },
    ),
    sessionCheckDuration: histogram(
      "session_check_duration_seconds",
      "Better Auth's session check in the BFF.",
      { result: ["valid", "none", "error"] },
      FAST_BUCKETS,
    ),
    tokenMints: counter("token_mints_total", "API tokens the BFF signed.", { result: open, reason: open }),
    tokenMintDuration: histogram(
      "token_mint_duration_seconds",
      "Time to mint an API token, for a waiting request or ahead of expiry.",
      { trigger: ["foreground", "background"] },
      MINT_BUCKETS,
    ),
    tokenCacheLookups: counter("token_cache_lookups_total", "Token cache lookups per call.", {
      outcome: ["hit", "miss", "stale"],
    }),
    tokenBackgroundRefreshes: counter(
      "token_background_refreshes_total",
      "Token refreshes started in the last minute of a token's life.",
      {},
    ),
    tokenSingleFlightJoins: counter(
      "token_single_flight_joins_total",
      "Callers that waited for a mint already under way for their session.",
      {},
    ),
    earlyReads: counter(
      "early_reads_total",
      "Reads sent before the session check ended, by whether the answer was released.",
      { outcome: ["released", "dropped"] },
    ),
    upstreamDuration: histogram(
      "upstream_request_duration_seconds",
      "The BFF's calls to the API.",
      { route: open, status_class: open },
      HTTP_BUCKETS,
    ),
    upstreamFailures: counter("upstream_failures_total", "Calls to the API that got no answer.", {
      kind: ["timeout", "connection"],
    }),
    upstreamRetries: counter("upstream_retries_total", "Calls to the API repeated with a fresh token.", {
      reason: ["401"],
    }),
    csrfRefusals: counter("csrf_refusals_total", "Requests refused by the CSRF check.", {
      reason: ["header_missing", "cross_origin", "origin_unknown"],
    }),
    allowlistRefusals: counter(
      "allowlist_refusals_total",
      "Requests for an API path outside the BFF's allow-list.",
      {},
    ),
    cspReports: counter("csp_reports_total", "Content Security Policy violations browsers reported.", {
      directive: CSP_DIRECTIVES,
    }),
    // Kinds are lib/security-activity.ts's SECURITY_EVENT_KINDS, which this plain module cannot import.
    securityEvents: counter("security_events_total", "Security events recorded for accounts.", {
      kind: open,
    }),
    authAttempts: counter("auth_attempts_total", "Sign-up and sign-in attempts.", {
      action: ["sign_up", "sign_in"],
      outcome: ["success", "invalid_input", "wrong_credentials", "rate_limited", "error"],
    }),
  };
}

const processGlobals = /** @type {{ [METRICS_KEY]?: ReturnType<typeof createMetrics> }} */ (
  /** @type {unknown} */ (globalThis)
);
const METRICS_KEY = Symbol.for("todo-web.metrics");
processGlobals[METRICS_KEY] ??= createMetrics();

/** The process's one set of metrics. */
export const metrics = processGlobals[METRICS_KEY];

/**
 * Seconds since `started` (a `performance.now()` reading).
 * @param {number} started
 */
export function secondsSince(started) {
  return (performance.now() - started) / 1000;
}

/** In a worker of server.mjs's cluster: answers the primary's requests for this process's metrics. */
export function reportMetricsToPrimary() {
  new client.AggregatorRegistry(); // its constructor adds the listener that answers the primary
  client.AggregatorRegistry.setRegistries([metrics.registry]);
}

/**
 * This process's metrics, or in a cluster's primary the sum over its workers (in the classic text
 * format: prom-client aggregates into that, without exemplars), each with its content type.
 * @param {boolean} primary
 * @returns {() => Promise<{ body: string, type: string }>}
 */
export function metricsCollector(primary) {
  if (!primary)
    return async () => ({ body: await metrics.registry.metrics(), type: metrics.registry.contentType });
  const aggregator = new client.AggregatorRegistry();
  return async () => ({ body: await aggregator.clusterMetrics(), type: aggregator.contentType });
}

/**
 * Serves what `collect` gives at GET /metrics on `host`:`port` (0: a free port) and resolves with the
 * listening server once it listens; anything else gets a 404.
 * @param {string} host
 * @param {number} port
 * @param {() => Promise<{ body: string, type: string }>} collect
 * @returns {Promise<import("node:http").Server>}
 */
export function serveMetrics(host, port, collect) {
  const server = createServer((request, response) => {
    const pathname = (request.url ?? "/").split("?", 1)[0];
    if (pathname !== "/metrics") {
      response.writeHead(404, { "content-type": "text/plain" }).end("Not found\n");
      return;
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    collect().then(
      ({ body, type }) => response.writeHead(200, { "content-type": type }).end(body),
      () => response.writeHead(500, { "content-type": "text/plain" }).end("Metrics unavailable\n"),
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}
