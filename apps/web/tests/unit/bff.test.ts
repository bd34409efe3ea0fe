import { describe, expect, it } from "vitest";

import { csrfViolation, todoPath, upstreamFailure } from "@/lib/server/bff";

const APP = "http://localhost:3000";

function request(method: string, headers: Record<string, string>): Request {
  return new Request(`${APP}/api/todos`, { method, headers });
}

describe("csrfViolation", () => {
  it("refuses any call without X-CSRF: 1", () => {
    expect(csrfViolation(request("GET", {}), APP)).toMatch(/X-CSRF/);
    expect(csrfViolation(request("GET", { "x-csrf": "true" }), APP)).toMatch(/X-CSRF/);
    expect(csrfViolation(request("POST", { origin: APP }), APP)).toMatch(/X-CSRF/);
  });

  it("lets a read through with the header alone", () => {
    expect(csrfViolation(request("GET", { "x-csrf": "1" }), APP)).toBeNull();
  });

  it.each(["POST", "PATCH", "DELETE"])("needs the app's own origin for %s", (method) => {
    expect(csrfViolation(request(method, { "x-csrf": "1", origin: APP }), APP)).toBeNull();
    expect(csrfViolation(request(method, { "x-csrf": "1", origin: "https://evil.example" }), APP)).toMatch(
      /another origin/,
    );
    expect(csrfViolation(request(method, { "x-csrf": "1", origin: "null" }), APP)).toMatch(/another origin/);
    expect(
      csrfViolation(request(method, { "x-csrf": "1", "sec-fetch-site": "same-origin" }), APP),
    ).toBeNull();
    expect(csrfViolation(request(method, { "x-csrf": "1", "sec-fetch-site": "cross-site" }), APP)).toMatch(
      /unknown/,
    );
    expect(csrfViolation(request(method, { "x-csrf": "1" }), APP)).toMatch(/unknown/);
  });
});

describe("todoPath", () => {
  it("forwards only well-formed ids", () => {
    expect(todoPath("0B6D7E6E-9D3A-4C1B-8E2F-1A2B3C4D5E6F")).toBe(
      "/v1/todos/0b6d7e6e-9d3a-4c1b-8e2f-1a2b3c4d5e6f",
    );
    for (const id of ["", "..", "../me", "1", "0b6d7e6e-9d3a-4c1b-8e2f-1a2b3c4d5e6f/../../me", "%2e%2e"]) {
      expect(todoPath(id)).toBeNull();
    }
  });
});

describe("upstreamFailure", () => {
  it("answers 504 when the API timed out and 503 when it is unreachable", async () => {
    const timeout = upstreamFailure(new DOMException("timed out", "TimeoutError"), "rid");
    expect(timeout.status).toBe(504);
    expect(await timeout.json()).toMatchObject({ code: "api_timeout", status: 504, request_id: "rid" });
    const refused = upstreamFailure(new TypeError("fetch failed"), "rid");
    expect(refused.status).toBe(503);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(await refused.json()).toMatchObject({ code: "api_unavailable" });
  });
});
