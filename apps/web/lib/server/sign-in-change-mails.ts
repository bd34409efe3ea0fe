import "server-only";

import type { BetterAuthPlugin, GenericEndpointContext } from "better-auth";
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

const TOTP_PATH = "/two-factor/verify-totp";

/**
 * The change a successful call made. A code accepted from a signed-in person whose two-factor was off
 * turns it on (the plugin then replaces the session); at a sign-in's second step nobody is signed in.
 */
function changeMadeBy(ctx: GenericEndpointContext): SignInChange | undefined {
  if (ctx.path !== TOTP_PATH) return CHANGES.get(ctx.path ?? "");
  const signedIn = ctx.context.session;
  return signedIn?.session && !signedIn.user.twoFactorEnabled && ctx.context.newSession
    ? "two_factor_on"
    : undefined;
}

const tellTheOwner = createAuthMiddleware(async (ctx) => {
  if (ctx.context.returned instanceof Error) return;
  const change = changeMadeBy(ctx);
  if (!change) return;
  const user = (ctx.context.session ?? (await getSessionFromCtx(ctx)))?.user;
  if (user) sendInBackground(signInChangedMail(user.email, change));
});

/** A mail to the account's address for each change of how it signs in (a reset is told by `onPasswordReset`). */
export const signInChangeMails = {
  id: "sign-in-change-mails",
  hooks: {
    after: [
      { matcher: (ctx) => CHANGES.has(ctx.path ?? "") || ctx.path === TOTP_PATH, handler: tellTheOwner },
    ],
  },
} satisfies BetterAuthPlugin;
