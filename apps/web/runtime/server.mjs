// @ts-check
/**
 * Serves the Next.js app (`node runtime/server.mjs` for production, `node runtime/server.mjs --dev` for development)
 * behind a few additions:
 * - the header `x-todo-client-ip` carries the client's address (client-address.mjs: the TCP peer, or
 *   behind the proxies of TRUSTED_PROXIES the address they saw), replacing any value a client sent.
 *   Better Auth's rate limits key on it (lib/server/auth.ts), so a client cannot dodge them by forging
 *   X-Forwarded-For, which Next.js passes through as sent;
 * - every request has an `x-request-id` (the client's when well formed, else a new one), which the BFF
 *   forwards to the API and the answer echoes;
 * - every answer is counted in the metrics (metrics.mjs, served on a listener of its own) and logged
 *   as one JSON line (log.mjs);
 * - when tracing is configured (lib/server/tracing.ts, started by instrumentation.ts), every request is
 *   the root span of a trace that Next.js's spans, the calls to the API and the API's own spans join;
 * - SIGTERM or SIGINT stops it gracefully: no new connections, the requests in flight are answered;
 * - with WEB_WORKERS above 1 (production only), that many worker processes share the port (node:cluster):
 *   the primary restarts a worker that dies and serves the workers' metrics summed.
 */
// First: the secrets given as files become settings before any module reads one.
import "./secret-files.mjs";
import cluster from "node:cluster";
import { createServer } from "node:http";
import path from "node:path";
import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, trace } from "@opentelemetry/api";
import next from "next";
import { adoptBuildConfig } from "./build-config.mjs";
import { CLIENT_IP_HEADER, clientAddressResolver } from "./client-address.mjs";
import { log, requestIdFrom, routeConsoleToLog } from "./log.mjs";
import {
  authActionOf,
  authOutcome,
  methodOf,
  metrics,
  metricsCollector,
  reportMetricsToPrimary,
  routeOf,
  secondsSince,
  serveMetrics,
} from "./metrics.mjs";

/**
 * A whole number from `min` to `max` from the environment (`fallback` when unset), or an error naming `what`.
 * @param {string} name
 * @param {string} fallback
 * @param {number} min
 * @param {number} max
 * @param {string} what
 */
function integerSetting(name, fallback, min, max, what) {
  const value = process.env[name] || fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max)
    throw new Error(`${name} must be ${what}, not ${value}`);
  return number;
}

// The web app: this file's folder holds the server's own modules, the app is one folder up.
const WEB_DIR = path.dirname(import.meta.dirname);
const dev = process.argv.includes("--dev");
const workers = dev
  ? 1
  : integerSetting("WEB_WORKERS", "1", 1, Number.MAX_SAFE_INTEGER, "a whole number of at least 1");
const hostname = process.env.WEB_HOST || "127.0.0.1";
const port = integerSetting("PORT", "3000", 0, 65535, "a port number");
const metricsHost = process.env.WEB_METRICS_HOST || "127.0.0.1";
const metricsPort = integerSetting("WEB_METRICS_PORT", "9464", 0, 65535, "a port number");
// A misconfigured proxy in front makes every client one for the sign-in limits: said in the log when a
// sign-in or sign-up meets it (probes come from proxies' ranges too), at most every 5 minutes.
const PROXY_WARNING_INTERVAL_MS = 5 * 60_000;
let lastProxyWarning = -Infinity;
const clientAddress = clientAddressResolver(process.env.TRUSTED_PROXIES, (_address, request) => {
  if (authActionOf(request.method, routeOf(request.url ?? "/")) === null) return;
  if (performance.now() - lastProxyWarning < PROXY_WARNING_INTERVAL_MS) return;
  lastProxyWarning = performance.now();
  log.warn(
    "a request came through trusted proxies only: the proxy in front does not pass on the client's " +
      "address, so every client shares one sign-in limit (docs/deployment.md, the client's address)",
  );
});
routeConsoleToLog();

if (!dev) adoptBuildConfig(WEB_DIR);

const tracer = trace.getTracer("todo-web");

/**
 * Counts and logs an answer once it is sent, by route template: never the raw path.
 * @param {{ route: string, method: string, requestId: string, started: number, span: import("@opentelemetry/api").Span }} request
 * @param {import("node:http").ServerResponse} response
 */
function observe({ route, method, requestId, started, span }, response) {
  const status = response.statusCode;
  span.setAttribute("http.response.status_code", status);
  if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
  const seconds = secondsSince(started);
  const labels = { route, method, status: String(status) };
  const { traceId, traceFlags } = span.spanContext();
  // prom-client types exemplar labels as the metric's own labels; an exemplar's are its trace's.
  const exemplarLabels = /** @type {Record<string, string>} */ (
    traceFlags & TraceFlags.SAMPLED ? { trace_id: traceId } : {}
  );
  metrics.httpRequests.inc(labels);
  metrics.httpDuration.observe({ labels, value: seconds, exemplarLabels });
  const action = authActionOf(method, route);
  if (action) metrics.authAttempts.inc({ action, outcome: authOutcome(status) });
  log.info(
    { request_id: requestId, method, route, status, duration_ms: Math.round(seconds * 1e4) / 10 },
    "request",
  );
}

// A rollout sends SIGTERM; the orchestrator's grace period (30 s by default in Kubernetes) is longer.
const SHUTDOWN_GRACE_MS = 20_000;

/**
 * Runs `stop` once, on the first SIGTERM or SIGINT, after saying so; exits 1 if it has not exited in time.
 * @param {() => void} stop
 */
function onStopSignal(stop) {
  let stopping = false;
  /** @param {NodeJS.Signals} signal */
  const handle = (signal) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal} received: answering the requests in flight, then exiting`);
    setTimeout(() => {
      log.warn(`requests still in flight after ${SHUTDOWN_GRACE_MS / 1000} s; exiting anyway`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    stop();
  };
  process.once("SIGTERM", handle);
  process.once("SIGINT", handle);
  return () => stopping;
}

/**
 * Stops taking connections, lets the requests in flight finish, then exits.
 * @param {import("node:http").Server[]} servers
 */
function closeAndExit(servers) {
  const closed = servers.map(
    (server) =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeIdleConnections();
      }),
  );
  Promise.all(closed).then(() => process.exit(0));
}

async function listenForMetrics() {
  const server = await serveMetrics(
    metricsHost,
    metricsPort,
    metricsCollector(cluster.isPrimary && workers > 1),
  );
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  log.info(`metrics listening on http://${metricsHost}:${port}/metrics`);
  return server;
}

/**
 * The primary of a cluster: starts the workers, starts another when one dies after it listened (one
 * that dies before, say of a configuration error, stops the server: restarting would not help), and
 * on a stop signal lets every worker finish its requests before exiting.
 */
async function superviseWorkers() {
  // The workers accept from the shared port themselves: handed out by the primary (round robin), a
  // connection that reaches a worker as it dies is never answered nor closed (docs/architecture.md).
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  const metricsServer = await listenForMetrics();
  const stopping = onStopSignal(() => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    metricsServer.close();
  });
  const listened = new Set();
  cluster.on("listening", (worker) => listened.add(worker.id));
  cluster.on("exit", (worker, code, signal) => {
    const running = Object.keys(cluster.workers ?? {}).length;
    if (stopping()) {
      if (running === 0) process.exit(0);
    } else if (!listened.has(worker.id)) {
      log.error({ code, signal }, "a web worker exited before it could serve; stopping");
      process.exit(1);
    } else {
      log.error({ code, signal }, "a web worker exited; starting another");
      cluster.fork();
    }
  });
  log.info(`starting ${workers} web workers`);
  for (let started = 0; started < workers; started += 1) cluster.fork();
}

/** One server process: the Next.js app on the public port, and its metrics (or in a worker, to the primary). */
async function serveApp() {
  let metricsServer = null;
  if (cluster.isWorker) reportMetricsToPrimary();
  else metricsServer = await listenForMetrics();

  const app = next({ dev, hostname, port, dir: WEB_DIR });
  const handle = app.getRequestHandler();
  await app.prepare();

  const stopping = onStopSignal(() => closeAndExit([server, metricsServer].filter((open) => open !== null)));
  const server = createServer((request, response) => {
    // Once stopping, every answer closes its connection: a client that keeps one busy (a proxy's
    // pool of kept-alive connections) would otherwise hold the process up until the grace ran out.
    if (stopping()) response.setHeader("connection", "close");
    const started = performance.now();
    const requestId = requestIdFrom(request.headers["x-request-id"]);
    request.headers["x-request-id"] = requestId;
    request.headers[CLIENT_IP_HEADER] = clientAddress(request);
    response.setHeader("x-request-id", requestId);
    // Taken before Next.js sees the request, which may rewrite its URL.
    const route = routeOf(request.url ?? "/");
    const method = methodOf(request.method);
    // Each trace starts here: a `traceparent` from the internet would let a client pick trace ids and
    // force sampling, so the root context is used rather than one extracted from the request.
    const span = tracer.startSpan(
      `${method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: { "http.request.method": method, "http.route": route, "request.id": requestId },
      },
      ROOT_CONTEXT,
    );
    const traced = trace.setSpan(ROOT_CONTEXT, span);
    const observed = { route, method, requestId, started, span };
    // Bound to the span so that the request's log line carries its trace id too.
    response.once(
      "finish",
      context.bind(traced, () => observe(observed, response)),
    );
    context.with(traced, () => handle(request, response));
  }).listen(port, hostname, () => {
    log.info(`todo-web ${dev ? "(development) " : ""}listening on http://${hostname}:${port}`);
  });
}

if (cluster.isPrimary && workers > 1) {
  await superviseWorkers();
} else {
  await serveApp();
}
