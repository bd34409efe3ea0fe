import { describe, expect, it } from "vitest";

import type { AuthFailure } from "@/lib/auth-client";
import {
  describePasskeyRegistrationFailure,
  describePasskeySignInFailure,
  PASSKEY_ADD_CANCELLED,
  PASSKEY_ALREADY_ADDED,
  PASSKEY_NOT_VERIFIED,
  PASSKEY_REMOVED,
  PASSKEY_REQUEST_EXPIRED,
  PASSKEY_SIGN_IN_CANCELLED,
} from "@/lib/passkey-failures";
import { PASSKEY_NAME_MISSING, PASSKEY_NAME_TOO_LONG, passkeyNameProblem } from "@/lib/passkey-names";

function failure(status: number, code: string | null, message = "as runAuthCall put it"): AuthFailure {
  return { status, code, message, retryAfterSeconds: null };
}

describe("passkey sign-in failures in plain words", () => {
  it.each([
    // What the browser reports: the plugin's catch-all, and SimpleWebAuthn's codes.
    [400, "AUTH_CANCELLED", PASSKEY_SIGN_IN_CANCELLED],
    [400, "ERROR_PASSTHROUGH_SEE_CAUSE_PROPERTY", PASSKEY_SIGN_IN_CANCELLED],
    [400, "ERROR_CEREMONY_ABORTED", PASSKEY_SIGN_IN_CANCELLED],
    // What the server refuses.
    [401, "PASSKEY_NOT_FOUND", PASSKEY_REMOVED],
    [400, "CHALLENGE_NOT_FOUND", PASSKEY_REQUEST_EXPIRED],
    [403, "PASSKEY_USER_NOT_VERIFIED", PASSKEY_NOT_VERIFIED],
  ])("%i %s", (status, code, message) => {
    expect(describePasskeySignInFailure(failure(status, code))).toBe(message);
  });

  it("keeps runAuthCall's words for the rest (a 429, no answer)", () => {
    expect(
      describePasskeySignInFailure(failure(429, null, "Too many attempts. Try again in 9 seconds.")),
    ).toBe("Too many attempts. Try again in 9 seconds.");
  });
});

describe("passkey registration failures in plain words", () => {
  it.each([
    [400, "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED", PASSKEY_ALREADY_ADDED],
    [400, "REGISTRATION_CANCELLED", PASSKEY_ADD_CANCELLED],
    [400, "ERROR_PASSTHROUGH_SEE_CAUSE_PROPERTY", PASSKEY_ADD_CANCELLED],
    [400, "CHALLENGE_NOT_FOUND", PASSKEY_REQUEST_EXPIRED],
    [403, "PASSKEY_USER_NOT_VERIFIED", PASSKEY_NOT_VERIFIED],
  ])("%i %s", (status, code, message) => {
    expect(describePasskeyRegistrationFailure(failure(status, code))).toBe(message);
  });

  it("keeps runAuthCall's words for the rest", () => {
    expect(describePasskeyRegistrationFailure(failure(500, null))).toBe("as runAuthCall put it");
  });
});

describe("passkey names", () => {
  it.each([
    ["Work laptop", null],
    ["  ", PASSKEY_NAME_MISSING],
    ["x".repeat(64), null],
    [` ${"x".repeat(64)} `, null],
    ["x".repeat(65), PASSKEY_NAME_TOO_LONG],
  ])("%j", (name, problem) => {
    expect(passkeyNameProblem(name)).toBe(problem);
  });
});
