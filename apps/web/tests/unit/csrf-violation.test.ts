import { describe, expect, it } from "vitest";

import { csrfViolation } from "@/lib/server/csrf-violation";

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
