import { describe, expect, it } from "vitest";

import { reportTypeOf, violationsIn } from "@/lib/server/csp-report";

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe("violationsIn", () => {
  it("keeps the blocked URL's origin and the page's path, never a query or an unknown path", () => {
    const reports = [
      [
        "https://evil.example/x.js?token=abc",
        "http://localhost:3000/todos?q=1",
        "https://evil.example",
        "/todos",
      ],
      ["data:text/javascript,alert(1)", "http://localhost:3000/user@example.com", "data:", "other"],
      ["inline", "http://localhost:3000/account", "inline", "/account"],
      ["", "not a url", "none", "other"],
      ["not a url", undefined, "other", "other"],
      // A sender's long host name would make a long log line: it is only "other".
      [`https://${"a".repeat(7000)}.example/x.js`, "http://localhost:3000/", "other", "/"],
      [
        `https://${"a".repeat(100)}.example/x.js`,
        "http://localhost:3000/",
        `https://${"a".repeat(100)}.example`,
        "/",
      ],
    ] as const;
    for (const [blocked, page, expectedBlocked, expectedDocument] of reports) {
      const body = encode({
        "csp-report": {
          "effective-directive": "script-src-elem",
          "blocked-uri": blocked,
          "document-uri": page,
        },
      });
      expect(violationsIn("application/csp-report", body)).toEqual([
        { directive: "script-src-elem", blocked: expectedBlocked, document: expectedDocument },
      ]);
    }
  });

  it("reads the directive from violated-directive when a browser sends no effective one", () => {
    const body = encode({ "csp-report": { "violated-directive": "img-src 'self' data:" } });
    expect(violationsIn("application/csp-report", body)?.[0]?.directive).toBe("img-src");
  });
});

describe("reportTypeOf", () => {
  it("names the two report formats, with or without parameters, and nothing else", () => {
    expect(reportTypeOf("application/csp-report")).toBe("application/csp-report");
    expect(reportTypeOf("Application/Reports+JSON; charset=utf-8")).toBe("application/reports+json");
    expect(reportTypeOf("application/json")).toBeNull();
    expect(reportTypeOf(null)).toBeNull();
  });
});
