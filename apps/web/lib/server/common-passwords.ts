import "server-only";

import { dictionary } from "@zxcvbn-ts/language-common";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { PASSWORD_MIN_LENGTH, PASSWORD_TOO_COMMON } from "@/lib/password-length";

// zxcvbn's list of the most used passwords (ASVS 2.1.7); only those long enough to be chosen here matter.
const COMMON_PASSWORDS = new Set(
  dictionary["passwords-common"].filter((password) => password.length >= PASSWORD_MIN_LENGTH),
);

/** Where Better Auth takes a new password, and the body field it comes in. */
const NEW_PASSWORD_FIELDS = new Map([
  ["/sign-up/email", "password"],
  ["/change-password", "newPassword"],
  ["/reset-password", "newPassword"],
]);

const refuseCommonPasswords = createAuthMiddleware(async (ctx) => {
  const field = NEW_PASSWORD_FIELDS.get(ctx.path ?? "");
  const password = field ? (ctx.body as Record<string, unknown> | undefined)?.[field] : undefined;
  if (typeof password === "string" && COMMON_PASSWORDS.has(password.toLowerCase()))
    throw new APIError("BAD_REQUEST", { code: "PASSWORD_TOO_COMMON", message: PASSWORD_TOO_COMMON });
});

/** A new password that is one of the most used ones is refused, where accounts are created or their password set. */
export const commonPasswordsRefused = {
  id: "common-passwords-refused",
  hooks: {
    before: [{ matcher: (ctx) => NEW_PASSWORD_FIELDS.has(ctx.path ?? ""), handler: refuseCommonPasswords }],
  },
} satisfies BetterAuthPlugin;
