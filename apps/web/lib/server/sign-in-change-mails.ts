import "server-only";

import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { type SignInChange, signInChangedMail } from "@/lib/server/account-mails";
import { sendInBackground } from "@/lib/server/mail";

/** The Better Auth endpoints that change how an account signs in, when they succeed. */
const CHANGES = new Map<string, SignInChange>([
  ["/change-password", "password_changed"],
  ["/passkey/verify-registration", "passkey_added"],
  ["/passkey/delete-passkey", "passkey_removed"],
  ["/two-factor/disable", "two_factor_off"],
  ["/two-factor/generate-backup-codes", "backup_codes_renewed"],
]);

const tellTheOwner = createAuthMiddleware(async (ctx) => {
  const change = CHANGES.get(ctx.path ?? "");
  if (!change || ctx.context.returned instanceof Error) return;
  const user = (ctx.context.session ?? (await getSessionFromCtx(ctx)))?.user;
  if (user) sendInBackground(signInChangedMail(user.email, change));
});

/** A mail to the account's address for each change of how it signs in (a reset is told by `onPasswordReset`). */
export const signInChangeMails = {
  id: "sign-in-change-mails",
  hooks: { after: [{ matcher: (ctx) => CHANGES.has(ctx.path ?? ""), handler: tellTheOwner }] },
} satisfies BetterAuthPlugin;
