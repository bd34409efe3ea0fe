import { readFileSync } from "node:fs";

import { expect, test, testWithOwnApi } from "./fixtures";
import { newCredentials } from "./support/accounts";
import { scrape, total } from "./support/metrics";

// The web server's metrics (docs/operations.md) move with what the BFF does, on a listener of their own,
// and its log has one JSON line per request with the id the BFF forwards, and nothing secret.

test.describe("Web metrics", () => {
  test("sign-up, a wrong password, a todo created and listed move their series on the metrics listener", async ({
    request,
    baseURL,
    run,
  }) => {
    const before = await scrape(request, run.webMetricsUrl);
    const user = newCredentials("metrics");
    const origin = { Origin: baseURL! };
    const bff = { ...origin, "X-CSRF": "1" };

    const signUp = await request.post("/api/auth/sign-up/email", { data: user, headers: origin });
    expect(signUp.status()).toBe(200);
    const wrongPassword = await request.post("/api/auth/sign-in/email", {
      data: { email: user.email, password: `${user.password}-wrong` },
      headers: origin,
    });
    expect(wrongPassword.status()).toBe(401);
    const requestId = `e2e-metrics-${Date.now()}`;
    const created = await request.post("/api/todos", {
      data: { title: "Counted" },
      headers: { ...bff, "X-Request-ID": requestId },
    });
    expect(created.status()).toBe(201);
    expect(created.headers()["x-request-id"]).toBe(requestId);
    const listed = await request.get("/api/todos", { headers: bff });
    expect(listed.status()).toBe(200);
    expect(listed.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect((await request.get("/api/todos")).status()).toBe(403);
    expect((await request.get("/api/todos/not-a-todo-id", { headers: bff })).status()).toBe(404);

    const after = await scrape(request, run.webMetricsUrl);
    const moved = (name: string, labels?: Record<string, string>) =>
      total(after, name, labels) - total(before, name, labels);
    expect(moved("todo_web_auth_attempts_total", { action: "sign_up", outcome: "success" })).toBe(1);
    expect(moved("todo_web_auth_attempts_total", { action: "sign_in", outcome: "wrong_credentials" })).toBe(
      1,
    );
    expect(moved("todo_web_http_requests_total", { route: "/api/auth/sign-up", status: "200" })).toBe(1);
    expect(
      moved("todo_web_http_requests_total", { route: "/api/todos", method: "POST", status: "201" }),
    ).toBe(1);
    expect(moved("todo_web_http_requests_total", { route: "/api/todos", method: "GET", status: "200" })).toBe(
      1,
    );
    expect(moved("todo_web_http_requests_total", { route: "/api/todos", method: "GET", status: "403" })).toBe(
      1,
    );
    expect(moved("todo_web_http_requests_total", { route: "/api/todos/[id]", status: "404" })).toBe(1);
    expect(
      moved("todo_web_http_request_duration_seconds_count", {
        route: "/api/todos",
        method: "POST",
        status: "201",
      }),
    ).toBe(1);
    expect(
      moved("todo_web_upstream_request_duration_seconds_count", { route: "/v1/todos", status_class: "2xx" }),
    ).toBe(2);
    expect(moved("todo_web_session_check_duration_seconds_count", { result: "valid" })).toBe(3);
    expect(moved("todo_web_token_mints_total", { result: "ok" })).toBeGreaterThanOrEqual(1);
    expect(moved("todo_web_token_cache_lookups_total", { outcome: "miss" })).toBeGreaterThanOrEqual(1);
    expect(
      moved("todo_web_token_mint_duration_seconds_count", { trigger: "foreground" }),
    ).toBeGreaterThanOrEqual(1);
    expect(moved("todo_web_csrf_refusals_total", { reason: "header_missing" })).toBe(1);
    expect(moved("todo_web_allowlist_refusals_total")).toBe(1);
    // The raw path of a request never becomes a label.
    expect([...after.keys()].some((key) => key.includes("not-a-todo-id"))).toBe(false);
    expect(total(after, "todo_web_process_cpu_seconds_total")).toBeGreaterThan(0);

    // Only the metrics listener serves them, and only at /metrics.
    expect((await request.get("/metrics")).status()).toBe(404);
    expect((await request.get(`${run.webMetricsUrl}/`)).status()).toBe(404);
  });
});

testWithOwnApi.describe("Web log", () => {
  testWithOwnApi(
    "one JSON line per request with the id the BFF used, no email or password, metrics on a free port",
    async ({ request, api, baseURL }) => {
      const user = newCredentials("log");
      const origin = { Origin: baseURL! };
      expect((await request.post("/api/auth/sign-up/email", { data: user, headers: origin })).status()).toBe(
        200,
      );
      const requestId = `e2e-log-${Date.now()}`;
      const listed = await request.get("/api/todos", {
        headers: { ...origin, "X-CSRF": "1", "X-Request-ID": requestId },
      });
      expect(listed.status()).toBe(200);

      const lines = () =>
        readFileSync(api.webLog, "utf8")
          .split("\n")
          .filter((line) => line.trim());
      await expect.poll(() => lines().some((line) => line.includes(requestId))).toBe(true);
      const entries = lines().map((line) => JSON.parse(line) as Record<string, unknown>);
      for (const entry of entries) {
        expect(entry).toMatchObject({
          service: "todo-web",
          level: expect.any(String),
          timestamp: expect.any(String),
        });
      }
      expect(entries).toContainEqual(
        expect.objectContaining({
          message: "request",
          request_id: requestId,
          method: "GET",
          route: "/api/todos",
          status: 200,
          duration_ms: expect.any(Number),
        }),
      );
      expect(entries).toContainEqual(
        expect.objectContaining({
          message: "request",
          route: "/api/auth/sign-up",
          method: "POST",
          status: 200,
        }),
      );
      const log = lines().join("\n");
      expect(log).not.toContain(user.email);
      expect(log).not.toContain(user.password);
      expect(log).not.toContain("better-auth.session_token");

      // WEB_METRICS_PORT=0: the log names the port the system chose.
      const listening = entries.find((entry) => String(entry.message).startsWith("metrics listening on "));
      const metricsUrl = String(listening?.message).replace("metrics listening on ", "");
      const samples = await (await request.get(metricsUrl)).text();
      expect(samples).toContain(
        'todo_web_http_requests_total{route="/api/todos",method="GET",status="200"} 1',
      );
    },
  );
});
