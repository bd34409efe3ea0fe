import { describe, expect, it } from "vitest";

import {
  authActionOf,
  authOutcome,
  CSP_DIRECTIVES,
  cspDirectiveOf,
  methodOf,
  metrics,
  ROUTES,
  routeOf,
  statusClass,
  upstreamRouteOf,
} from "../../runtime/metrics.mjs";

const TODO_ID = "0b6f5c1e-3d2a-4c8b-9f1e-2a3b4c5d6e7f";

describe("routeOf", () => {
  it.each([
    ["/api/todos", "/api/todos"],
    ["/api/todos?status=open&cursor=abc", "/api/todos"],
    [`/api/todos/${TODO_ID}`, "/api/todos/[id]"],
    ["/api/todos/not-a-uuid", "/api/todos/[id]"],
    ["/api/todos/counts", "/api/todos/counts"],
    ["/api/todos/tags?limit=20", "/api/todos/tags"],
    ["/api/todos/clear-completed", "/api/todos/clear-completed"],
    ["/api/todos/restore", "/api/todos/restore"],
    ["/api/todos/countsx", "/api/todos/[id]"],
    ["/api/me", "/api/me"],
    ["/api/sessions/abc123", "/api/sessions/[id]"],
    ["/api/health", "/api/health"],
    ["/api/ready", "/api/ready"],
    ["/api/csp-reports", "/api/csp-reports"],
    ["/api/auth/sign-up/email", "/api/auth/sign-up"],
    ["/api/auth/sign-in/email?x=1", "/api/auth/sign-in"],
    ["/api/auth/get-session", "/api/auth/other"],
    ["/api/auth/sign-out", "/api/auth/other"],
    ["/api/auth/sign-upx", "/api/auth/other"],
    ["/", "page"],
    ["/todos", "page"],
    ["/_next/static/chunks/app.js", "page"],
    ["/api/todos/a/b", "page"],
    ["/api/unknown", "page"],
    ["/metrics", "page"],
  ])("maps %s to %s", (target, route) => {
    expect(routeOf(target)).toBe(route);
  });

  it("never puts a raw path, id or email in the label", () => {
    for (const target of [`/api/todos/${TODO_ID}`, "/api/sessions/user@example.com", "/u/secret-token"])
      expect(ROUTES).toContain(routeOf(target));
  });
});

describe("methodOf", () => {
  it("keeps the methods the app answers and folds the rest", () => {
    expect(methodOf("PATCH")).toBe("PATCH");
    expect(methodOf("PROPFIND")).toBe("other");
    expect(methodOf(undefined)).toBe("other");
  });
});

describe("upstreamRouteOf", () => {
  it("maps the API paths the BFF calls to their templates", () => {
    expect(upstreamRouteOf("/v1/todos")).toBe("/v1/todos");
    expect(upstreamRouteOf(`/v1/todos/${TODO_ID}`)).toBe("/v1/todos/{todo_id}");
    for (const name of ["counts", "tags", "clear-completed", "restore"])
      expect(upstreamRouteOf(`/v1/todos/${name}`)).toBe(`/v1/todos/${name}`);
    expect(upstreamRouteOf("/v1/me")).toBe("/v1/me");
    expect(upstreamRouteOf("/v1/todos/a/b")).toBe("other");
  });
});

describe("cspDirectiveOf", () => {
  it("keeps the known directives and folds the rest", () => {
    expect(cspDirectiveOf("script-src-elem")).toBe("script-src-elem");
    expect(cspDirectiveOf("require-trusted-types-for")).toBe("other");
    expect(cspDirectiveOf('script-src-elem"} injected')).toBe("other");
    expect(CSP_DIRECTIVES).toContain("other");
  });
});

describe("statusClass", () => {
  it.each([
    [200, "2xx"],
    [204, "2xx"],
    [304, "3xx"],
    [404, "4xx"],
    [429, "4xx"],
    [503, "5xx"],
  ])("%d is %s", (status, expected) => {
    expect(statusClass(status)).toBe(expected);
  });
});

describe("authOutcome", () => {
  it.each([
    [200, "success"],
    [302, "success"],
    [400, "invalid_input"],
    [401, "wrong_credentials"],
    [403, "invalid_input"],
    [413, "invalid_input"],
    [422, "invalid_input"],
    [429, "rate_limited"],
    [500, "error"],
    [503, "error"],
  ])("Better Auth's %d is %s", (status, outcome) => {
    expect(authOutcome(status)).toBe(outcome);
  });
});

describe("authActionOf", () => {
  it("counts only POSTs to sign-up and sign-in", () => {
    expect(authActionOf("POST", "/api/auth/sign-up")).toBe("sign_up");
    expect(authActionOf("POST", "/api/auth/sign-in")).toBe("sign_in");
    expect(authActionOf("GET", "/api/auth/sign-in")).toBeNull();
    expect(authActionOf("POST", "/api/auth/other")).toBeNull();
    expect(authActionOf("POST", "/api/todos")).toBeNull();
  });
});

describe("the registry", () => {
  it("exports the catalogue's metrics and Node's own under todo_web_", async () => {
    const names = new Set((await metrics.registry.getMetricsAsJSON()).map((metric) => metric.name));
    for (const name of [
      "todo_web_http_requests_total",
      "todo_web_http_request_duration_seconds",
      "todo_web_session_check_duration_seconds",
      "todo_web_token_mints_total",
      "todo_web_token_mint_duration_seconds",
      "todo_web_token_cache_lookups_total",
      "todo_web_token_background_refreshes_total",
      "todo_web_token_single_flight_joins_total",
      "todo_web_early_reads_total",
      "todo_web_upstream_request_duration_seconds",
      "todo_web_upstream_failures_total",
      "todo_web_upstream_retries_total",
      "todo_web_csrf_refusals_total",
      "todo_web_allowlist_refusals_total",
      "todo_web_auth_attempts_total",
      "todo_web_security_events_total",
      "todo_web_csp_reports_total",
      "todo_web_process_cpu_seconds_total",
      "todo_web_nodejs_eventloop_lag_p99_seconds",
    ])
      expect(names).toContain(name);
    expect([...names].filter((name) => !name.startsWith("todo_web_"))).toEqual([]);
  });

  it("has the bucket edges the objectives read", async () => {
    metrics.httpDuration.observe({
      labels: { route: "/api/todos", method: "GET", status: "200" },
      value: 0.1,
    });
    metrics.sessionCheckDuration.observe({ result: "valid" }, 0.0001);
    metrics.tokenMintDuration.observe({ trigger: "background" }, 0.0001);
    const text = await metrics.registry.metrics();
    const edges = (name: string) =>
      [...text.matchAll(new RegExp(`^${name}_bucket\\{.*le="([^"]+)"`, "gm"))].map((match) => match[1]);
    expect(edges("todo_web_http_request_duration_seconds")).toEqual(
      expect.arrayContaining(["0.001", "0.25", "10", "+Inf"]),
    );
    expect(edges("todo_web_session_check_duration_seconds")).toEqual(
      expect.arrayContaining(["0.0001", "1", "+Inf"]),
    );
    expect(edges("todo_web_token_mint_duration_seconds")).toEqual(
      expect.arrayContaining(["0.0001", "0.2", "1", "+Inf"]),
    );
  });

  it("leads from a request's latency bucket to its trace", async () => {
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const labels = { route: "/api/me", method: "GET", status: "200" };
    // prom-client types exemplar labels as the metric's own labels; they are any labels.
    const exemplarLabels: Record<string, string> = { trace_id: traceId };
    metrics.httpDuration.observe({ labels, value: 0.02, exemplarLabels });
    const text = await metrics.registry.metrics();
    expect(text).toMatch(
      new RegExp(
        `^todo_web_http_request_duration_seconds_bucket\\{[^}]*route="/api/me"[^}]*\\} 1 # \\{trace_id="${traceId}"\\} 0.02`,
        "m",
      ),
    );
  });
});
