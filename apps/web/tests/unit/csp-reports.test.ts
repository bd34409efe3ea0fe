import { describe, expect, it } from "vitest";

import { POST } from "@/app/api/csp-reports/route";
import { MAX_REPORT_BYTES, MAX_REPORTS_PER_REQUEST, REPORTS_PER_MINUTE } from "@/lib/server/csp-report";
import { metrics } from "@/runtime/metrics.mjs";

const REPORT_URI_BODY = {
  "csp-report": {
    "document-uri": "http://localhost:3000/todos?filter=secret",
    "blocked-uri": "inline",
    "effective-directive": "script-src-elem",
    "violated-directive": "script-src-elem",
  },
};
const REPORTING_API_BODY = [
  {
    type: "csp-violation",
    url: "http://localhost:3000/account",
    body: {
      documentURL: "http://localhost:3000/account",
      blockedURL: "https://evil.example/steal.js?session=abc",
      effectiveDirective: "script-src-elem",
    },
  },
  { type: "deprecation", body: {} },
];

let lastAddress = 0;

/** A report from a client address of its own, so that tests do not share a rate-limit window. */
function report(
  body: BodyInit,
  contentType: string,
  address = `192.0.2.${++lastAddress}`,
): Promise<Response> {
  return POST(
    new Request("http://localhost/api/csp-reports", {
      method: "POST",
      body,
      headers: { "content-type": contentType, "x-todo-client-ip": address },
    }),
  );
}

async function counted(directive: string): Promise<number> {
  const { values } = await metrics.cspReports.get();
  return values.find((sample) => sample.labels.directive === directive)?.value ?? 0;
}

describe("POST /api/csp-reports", () => {
  it("answers 204 to a report-uri report and counts it by directive", async () => {
    const before = await counted("script-src-elem");
    const response = await report(JSON.stringify(REPORT_URI_BODY), "application/csp-report");
    expect(response.status).toBe(204);
    expect(await counted("script-src-elem")).toBe(before + 1);
  });

  it("answers 204 to a Reporting API batch and counts only its CSP violations", async () => {
    const before = await counted("script-src-elem");
    const response = await report(JSON.stringify(REPORTING_API_BODY), "application/reports+json");
    expect(response.status).toBe(204);
    expect(await counted("script-src-elem")).toBe(before + 1);
  });

  it("counts at most MAX_REPORTS_PER_REQUEST reports of one body", async () => {
    const before = await counted("img-src");
    const one = { type: "csp-violation", body: { effectiveDirective: "img-src", blockedURL: "inline" } };
    const batch = Array.from({ length: MAX_REPORTS_PER_REQUEST + 5 }, () => one);
    expect((await report(JSON.stringify(batch), "application/reports+json")).status).toBe(204);
    expect(await counted("img-src")).toBe(before + MAX_REPORTS_PER_REQUEST);
  });

  it("counts an unknown directive as other", async () => {
    const before = await counted("other");
    const body = { "csp-report": { "effective-directive": "made-up-src", "blocked-uri": "eval" } };
    expect((await report(JSON.stringify(body), "application/csp-report")).status).toBe(204);
    expect(await counted("other")).toBe(before + 1);
  });

  it("answers 413 to a body over the limit", async () => {
    const padded = {
      "csp-report": { ...REPORT_URI_BODY["csp-report"], padding: "x".repeat(MAX_REPORT_BYTES) },
    };
    expect((await report(JSON.stringify(padded), "application/csp-report")).status).toBe(413);
  });

  it("answers 415 to another content type and 400 to a body that is not a report", async () => {
    expect((await report(JSON.stringify(REPORT_URI_BODY), "text/plain")).status).toBe(415);
    expect((await report("not json", "application/csp-report")).status).toBe(400);
    expect((await report('{"csp-report": 1}', "application/csp-report")).status).toBe(400);
    expect((await report('{"type": "csp-violation"}', "application/reports+json")).status).toBe(400);
  });

  it("answers 429 once a client address has sent its reports for the minute", async () => {
    const send = (address: string) =>
      report(JSON.stringify(REPORT_URI_BODY), "application/csp-report", address);
    for (let sent = 0; sent < REPORTS_PER_MINUTE; sent += 1)
      expect((await send("198.51.100.1")).status).toBe(204);
    const refused = await send("198.51.100.1");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await send("198.51.100.2")).status).toBe(204);
  });

  it("counts an IPv6 /64 as one client, as the sign-in limits do: rotating addresses in it starts no new count", async () => {
    const send = (host: number) =>
      report(JSON.stringify(REPORT_URI_BODY), "application/csp-report", `2001:db8:7:7::${host.toString(16)}`);
    for (let sent = 0; sent < REPORTS_PER_MINUTE; sent += 1) expect((await send(sent + 1)).status).toBe(204);
    expect((await send(0xffff)).status).toBe(429);
    const neighbour = await report(
      JSON.stringify(REPORT_URI_BODY),
      "application/csp-report",
      "2001:db8:7:8::1",
    );
    expect(neighbour.status).toBe(204);
  });
});
