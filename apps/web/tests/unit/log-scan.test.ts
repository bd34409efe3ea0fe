import { describe, expect, it } from "vitest";

import { findSecrets, unjoinedRequestIds } from "../../e2e/support/log-scan";

const line = (fields: object) => JSON.stringify({ level: "INFO", service: "todo-web", ...fields });

describe("findSecrets", () => {
  it("passes the lines the servers write: request ids, routes, statuses", () => {
    const text = [
      line({ request_id: "e5038ffe-a2b4-470e-81d0-e6ca903da0ec", route: "/api/todos", status: 201 }),
      line({
        message: "listening on http://127.0.0.1:3000",
        database: "postgresql://postgres@127.0.0.1:5432/todo",
      }),
    ].join("\n");
    expect(findSecrets("web.log", text, ["the-jwt-secret"])).toEqual([]);
  });

  it.each([
    ["a JWT", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl"],
    ["a bearer token", "authorization: Bearer abcdefgh12345678"],
    ["a session cookie", "better-auth.session_token=abc"],
    ["an email address", "signed up e2e-user-abc@example.test"],
    ["a password", "password pw-0123456789abcdef"],
    [
      "a long random string (a secret or a token)",
      "secret x1Y2z3_-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    ],
  ])("finds %s, naming the line but not the secret", (kind, secret) => {
    const findings = findSecrets("api.log", `${line({ ok: true })}\n${line({ message: secret })}`, []);
    expect(findings).toContainEqual({ file: "api.log", line: 2, kind });
    expect(JSON.stringify(findings)).not.toContain(secret);
  });

  it("finds a configured secret however short", () => {
    expect(findSecrets("web.log", line({ message: "key s3cr3t!" }), ["s3cr3t!"])).toEqual([
      { file: "web.log", line: 1, kind: "a configured secret" },
    ]);
  });
});

describe("unjoinedRequestIds", () => {
  const web = (request_id: string, route: string, status: number) =>
    line({ message: "request", request_id, route, status, method: "GET", duration_ms: 3 });
  const api = (request_id: string) => JSON.stringify({ level: "INFO", message: "request", request_id });

  it("names the successful forwarded calls the API's log does not have", () => {
    const webLog = [
      web("a", "/api/todos", 200),
      web("b", "/api/todos/[id]", 204),
      web("c", "/api/me", 200),
      web("d", "/api/todos", 401), // refused by the BFF: never reached the API
      web("e", "page", 200),
      line({ message: "todo-web listening on http://127.0.0.1:3000" }),
    ].join("\n");
    expect(unjoinedRequestIds(webLog, [api("a"), api("b")].join("\n"))).toEqual(["c"]);
    expect(unjoinedRequestIds(webLog, [api("a"), api("b"), api("c")].join("\n"))).toEqual([]);
  });
});
