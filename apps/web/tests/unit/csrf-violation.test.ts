import { describe, expect, it } from "vitest";

import { csrfViolation } from "@/lib/server/csrf-violation";

const APP = "http://localhost:3000";

function request(method: string, headers: Record<string, string>): Request {
  return new Request(`${APP}/api/todos`, { method, headers });
}

describe("csrfViolation", () => {
  it("refuses any call without X-CSRF: 1", () => {
    for (const refused of [
      request("GET", {}),
      request("GET", { "x-csrf": "true" }),
      request("POST", { origin: APP }),
    ]) {
      expect(csrfViolation(refused, APP)).toEqual({
        reason: "header_missing",
        description: expect.stringMatching(/X-CSRF/),
      });
    }
  });

  it("lets a read through with the header alone", () => {
    expect(csrfViolation(request("GET", { "x-csrf": "1" }), APP)).toBeNull();
  });

  it.each(["POST", "PATCH", "DELETE"])("needs the app's own origin for %s", (method) => {
    expect(csrfViolation(request(method, { "x-csrf": "1", origin: APP }), APP)).toBeNull();
    const crossOrigin = { reason: "cross_origin", description: expect.stringMatching(/another origin/) };
    expect(csrfViolation(request(method, { "x-csrf": "1", origin: "https://evil.example" }), APP)).toEqual(
      crossOrigin,
    );
    expect(csrfViolation(request(method, { "x-csrf": "1", origin: "null" }), APP)).toEqual(crossOrigin);
    expect(
      csrfViolation(request(method, { "x-csrf": "1", "sec-fetch-site": "same-origin" }), APP),
    ).toBeNull();
    const unknown = { reason: "origin_unknown", description: expect.stringMatching(/unknown/) };
    expect(csrfViolation(request(method, { "x-csrf": "1", "sec-fetch-site": "cross-site" }), APP)).toEqual(
      unknown,
    );
    expect(csrfViolation(request(method, { "x-csrf": "1" }), APP)).toEqual(unknown);
  });
});
