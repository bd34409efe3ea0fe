import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const BASE = {
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/todo",
  BETTER_AUTH_SECRET: "b".repeat(32),
  FRONTEND_JWT_SECRET: "f".repeat(32),
  SMTP_URL: "",
  REQUIRE_EMAIL_VERIFICATION: "",
  NODE_ENV: "production",
};

/** The configuration as a fresh process with `env` would read it (config() reads once per process). */
async function loadWith(env: Record<string, string>) {
  for (const [name, value] of Object.entries({ ...BASE, ...env })) vi.stubEnv(name, value);
  vi.resetModules();
  const { config } = await import("@/lib/server/env");
  return config;
}

describe("REQUIRE_EMAIL_VERIFICATION", () => {
  beforeEach(() => vi.unstubAllEnvs());
  afterEach(() => vi.unstubAllEnvs());

  it("is off unless set", async () => {
    expect((await loadWith({}))().requireEmailVerification).toBe(false);
  });

  it("is on with on and an SMTP server", async () => {
    const config = await loadWith({ REQUIRE_EMAIL_VERIFICATION: "on", SMTP_URL: "smtp://127.0.0.1:2525" });
    expect(config().requireEmailVerification).toBe(true);
  });

  it("refuses anything but on or off", async () => {
    const config = await loadWith({ REQUIRE_EMAIL_VERIFICATION: "yes" });
    expect(config).toThrow("REQUIRE_EMAIL_VERIFICATION must be on or off");
  });

  it("refuses on in production without SMTP_URL: no new account could ever sign in", async () => {
    const config = await loadWith({ REQUIRE_EMAIL_VERIFICATION: "on" });
    expect(config).toThrow("REQUIRE_EMAIL_VERIFICATION=on needs SMTP_URL to send the links");
  });
});
