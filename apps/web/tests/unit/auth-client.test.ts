import { describe, expect, it } from "vitest";
import { describeAuthFailure, runAuthCall } from "@/lib/auth-client";
import { UNREACHABLE_MESSAGE } from "@/lib/failure-messages";
import { TWO_FACTOR_STEP_EXPIRED } from "@/lib/two-factor-messages";

describe("Better Auth failures in plain words", () => {
  it.each([
    [422, "USER_ALREADY_EXISTS", "An account with this email already exists."],
    [422, "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL", "An account with this email already exists."],
    [401, "INVALID_EMAIL_OR_PASSWORD", "Email or password is incorrect."],
    [
      403,
      "EMAIL_NOT_VERIFIED",
      "Your email address is not confirmed yet: follow the link we mailed to it, then sign in.",
    ],
    [500, null, UNREACHABLE_MESSAGE],
    [0, null, UNREACHABLE_MESSAGE],
    [401, "INVALID_CODE", "That code is not right. Enter the 6-digit code your authenticator app shows now."],
    [
      401,
      "INVALID_BACKUP_CODE",
      "That backup code is not right, or it was already used: each backup code works once.",
    ],
    [401, "INVALID_TWO_FACTOR_COOKIE", TWO_FACTOR_STEP_EXPIRED],
    [
      429,
      "ACCOUNT_TEMPORARILY_LOCKED",
      "Too many wrong codes for this account in a row: it is locked for 15 minutes. Try again later.",
    ],
  ])("%i %s", (status, code, message) => {
    expect(describeAuthFailure(status, code, null)).toBe(message);
  });

  it("says how long to wait when rate limited", async () => {
    const outcome = await runAuthCall(async (observer) => {
      observer.onError({ response: new Response(null, { status: 429, headers: { "X-Retry-After": "9" } }) });
      return { data: null, error: { status: 429, message: "Too many requests. Please try again later." } };
    });
    expect(outcome).toEqual({
      ok: false,
      failure: {
        status: 429,
        code: null,
        message: "Too many attempts. Try again in 9 seconds.",
        retryAfterSeconds: 9,
      },
    });
  });

  it("treats a thrown call (no answer at all) as the server being unreachable", async () => {
    const outcome = await runAuthCall(() => Promise.reject(new TypeError("Failed to fetch")));
    expect(outcome).toEqual({
      ok: false,
      failure: { status: 0, code: null, message: UNREACHABLE_MESSAGE, retryAfterSeconds: null },
    });
  });

  it("passes a success through", async () => {
    const outcome = await runAuthCall(async () => ({ data: { token: "t" }, error: null }));
    expect(outcome).toEqual({ ok: true, data: { token: "t" } });
  });
});
