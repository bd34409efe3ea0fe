import { describe, expect, it } from "vitest";

import { findSecrets } from "../../e2e/support/log-scan";

const line = (fields: object) => JSON.stringify({ level: "info", service: "todo-web", ...fields });

describe("findSecrets", () => {
  it("passes the lines the servers write: request ids, routes, statuses", () => {
    const text = [
      line({ request_id: "e5038ffe-a2b4-470e-81d0-e6ca903da0ec", route: "/api/todos", status: 201 }),
      line({
        msg: "listening on http://127.0.0.1:3000",
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
    const findings = findSecrets("api.log", `${line({ ok: true })}\n${line({ msg: secret })}`, []);
    expect(findings).toContainEqual({ file: "api.log", line: 2, kind });
    expect(JSON.stringify(findings)).not.toContain(secret);
  });

  it("finds a configured secret however short", () => {
    expect(findSecrets("web.log", line({ msg: "key s3cr3t!" }), ["s3cr3t!"])).toEqual([
      { file: "web.log", line: 1, kind: "a configured secret" },
    ]);
  });
});
