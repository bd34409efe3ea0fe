import { describe, expect, it } from "vitest";

import { cacheControlFor, contentSecurityPolicy, newNonce, pageHeaders } from "@/lib/browser-defence";

const directives = (policy: string) => policy.split("; ");

describe("contentSecurityPolicy", () => {
  it("allows in production only scripts with the nonce and what they load, and styles from files", () => {
    const policy = contentSecurityPolicy("abc", { dev: false, https: false });
    expect(directives(policy)).toEqual([
      "default-src 'self'",
      "script-src 'self' 'nonce-abc' 'strict-dynamic'",
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'self'",
      "report-uri /api/csp-reports",
    ]);
  });

  it("over https also upgrades subresources and names the Reporting API endpoint", () => {
    const policy = directives(contentSecurityPolicy("abc", { dev: false, https: true }));
    expect(policy).toContain("upgrade-insecure-requests");
    expect(policy).toContain("report-to csp");
  });

  it("relaxes for Next's dev server only eval and inline styles", () => {
    const policy = directives(contentSecurityPolicy("abc", { dev: true, https: false }));
    expect(policy).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic' 'unsafe-eval'");
    expect(policy).toContain("style-src 'self' 'unsafe-inline'");
  });
});

describe("newNonce", () => {
  it("is 128 bits of base64, new each time", () => {
    const nonce = newNonce();
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(newNonce()).not.toBe(nonce);
  });
});

describe("pageHeaders", () => {
  it("sends HSTS and the reporting endpoint only over https", () => {
    expect(pageHeaders({ https: false })).toEqual({});
    expect(pageHeaders({ https: true })).toEqual({
      "Reporting-Endpoints": 'csp="/api/csp-reports"',
      "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    });
  });
});

describe("cacheControlFor", () => {
  it("lets the back/forward cache keep the public pages only, never an HTTP cache serve one again", () => {
    for (const page of ["/", "/sign-in", "/sign-up"]) expect(cacheControlFor(page)).toBe("private, no-cache");
    for (const page of ["/todos", "/account", "/forgot-password", "/reset-password", "/sign-in/", "/nowhere"])
      expect(cacheControlFor(page)).toBe("no-store");
  });
});
