import "server-only";

import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { decodeJwt } from "jose";
import { emailChangeRequestedMail } from "@/lib/server/account-mails";
import { sendInBackground } from "@/lib/server/mail";
import { safeNextPath } from "@/lib/sign-in-url";

/**
 * A pending change of email is a way into the account for whoever asked for it: the owner hears of it
 * at once, and a new password (changed, or reset by mail) cancels every change asked for before it.
 * Better Auth's change links are signed tokens stored nowhere, so the cancel is a check of the token's
 * issue time against the password's last change when the link is followed.
 */
const tellTheCurrentAddress = createAuthMiddleware(async (ctx) => {
  const returned = ctx.context.returned;
  const user = (ctx.context.session ?? (await getSessionFromCtx(ctx)))?.user;
  const { newEmail } = (ctx.body ?? {}) as { newEmail?: unknown };
  if (returned instanceof Error || !user || typeof newEmail !== "string") return;
  sendInBackground(emailChangeRequestedMail(user.email, newEmail.trim().toLowerCase()));
});

const refuseChangesFromBeforeThePassword = createAuthMiddleware(async (ctx) => {
  const { token, callbackURL } = (ctx.query ?? {}) as { token?: unknown; callbackURL?: unknown };
  if (typeof token !== "string") return;
  let claims: ReturnType<typeof decodeJwt>;
  try {
    claims = decodeJwt(token);
  } catch {
    return; // Better Auth refuses it with its own words
  }
  if (
    typeof claims.updateTo !== "string" ||
    typeof claims.userId !== "string" ||
    typeof claims.iat !== "number"
  )
    return;
  const account = await ctx.context.internalAdapter.findCredentialAccount(claims.userId);
  const passwordSetAt = account ? new Date(account.updatedAt).getTime() : 0;
  // The token has whole seconds: a link asked for in the second a password was set counts as older.
  if (claims.iat * 1000 >= passwordSetAt) return;
  const target = (typeof callbackURL === "string" && safeNextPath(callbackURL)) || "/account";
  throw ctx.redirect(`${target}${target.includes("?") ? "&" : "?"}error=INVALID_TOKEN`);
});

export const emailChangeGuard = {
  id: "email-change-guard",
  hooks: {
    before: [{ matcher: (ctx) => ctx.path === "/verify-email", handler: refuseChangesFromBeforeThePassword }],
    after: [{ matcher: (ctx) => ctx.path === "/change-email", handler: tellTheCurrentAddress }],
  },
} satisfies BetterAuthPlugin;
