import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { adoptSecretFiles, SECRET_SETTINGS } from "../../runtime/secret-files.mjs";

function secretFile(content: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "secret-")), "secret");
  writeFileSync(file, content);
  return file;
}

describe("secrets given as files (NAME_FILE)", () => {
  it("sets each secret setting from its file, without the trailing newline", () => {
    const env: Record<string, string | undefined> = {
      DATABASE_URL_FILE: secretFile("postgresql://todo:pw@postgres:5432/todo\n"),
      BETTER_AUTH_SECRET_FILE: secretFile("a secret"),
    };
    adoptSecretFiles(env);
    expect(env.DATABASE_URL).toBe("postgresql://todo:pw@postgres:5432/todo");
    expect(env.BETTER_AUTH_SECRET).toBe("a secret");
  });

  it("takes every secret the web app reads, and leaves other _FILE variables alone", () => {
    expect(SECRET_SETTINGS).toEqual([
      "DATABASE_URL",
      "BETTER_AUTH_SECRET",
      "FRONTEND_JWT_SECRET",
      "SMTP_URL",
    ]);
    const env: Record<string, string | undefined> = { SSL_CERT_FILE: secretFile("certificate") };
    adoptSecretFiles(env);
    expect(env).toEqual({ SSL_CERT_FILE: env.SSL_CERT_FILE });
  });

  it("refuses a setting given both ways", () => {
    const env: Record<string, string | undefined> = {
      FRONTEND_JWT_SECRET: "inline",
      FRONTEND_JWT_SECRET_FILE: secretFile("file"),
    };
    expect(() => adoptSecretFiles(env)).toThrow(
      "FRONTEND_JWT_SECRET and FRONTEND_JWT_SECRET_FILE are both set",
    );
  });
});
