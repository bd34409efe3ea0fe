import { describe, expect, it } from "vitest";

import { removesLastWayIn, signInMethodsOf } from "@/app/(app)/account/sign-in-methods";
import { methodsOfSignIn } from "@/lib/server/sign-in-methods";

describe("the amr of a new session, from the endpoint that created it", () => {
  it.each([
    ["/sign-in/email", ["pwd"]],
    ["/sign-up/email", ["pwd"]],
    ["/two-factor/verify-totp", ["pwd", "otp"]],
    ["/two-factor/verify-backup-code", ["pwd", "otp"]],
    ["/passkey/verify-authentication", ["hwk"]],
    ["/verify-email", null],
    [undefined, null],
  ])("%s gives %j", (path, methods) => {
    expect(methodsOfSignIn(path)).toEqual(methods);
  });

  it("hands out a copy, so a caller cannot change the table", () => {
    methodsOfSignIn("/sign-in/email")?.push("otp");
    expect(methodsOfSignIn("/sign-in/email")).toEqual(["pwd"]);
  });
});

describe("the account's sign-in methods", () => {
  it("lists the password, the passkeys and the two-factor state", () => {
    expect(signInMethodsOf({ hasPassword: true, twoFactorEnabled: true, passkeys: 2 })).toMatchObject([
      { id: "password", status: "Set", signsInAlone: true },
      { id: "passkeys", status: "2 added", signsInAlone: true },
      { id: "two-factor", status: "On", signsInAlone: false },
    ]);
    expect(signInMethodsOf({ hasPassword: true, twoFactorEnabled: false, passkeys: 0 })[1]).toMatchObject({
      status: "None",
      signsInAlone: false,
    });
  });

  it("warns before the last method that signs in on its own goes, never for a second step", () => {
    const methods = signInMethodsOf({ hasPassword: true, twoFactorEnabled: true, passkeys: 0 });
    expect(removesLastWayIn(methods, "password")).toBe(true);
    expect(removesLastWayIn(methods, "two-factor")).toBe(false);
    const withPasskey = signInMethodsOf({ hasPassword: true, twoFactorEnabled: true, passkeys: 1 });
    expect(removesLastWayIn(withPasskey, "password")).toBe(false);
    expect(removesLastWayIn(withPasskey, "passkeys")).toBe(false);
  });
});
