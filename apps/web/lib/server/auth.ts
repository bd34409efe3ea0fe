import "server-only";

import { betterAuth, type GenericEndpointContext } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { type JwtOptions, jwt } from "better-auth/plugins/jwt";
import { twoFactor } from "better-auth/plugins/two-factor";
import { decodeJwt } from "jose";
import { headers } from "next/headers";
import { Pool } from "pg";
import { EMAIL_MAX_LENGTH, EMAIL_TOO_LONG, NAME_MAX_LENGTH, NAME_TOO_LONG } from "@/lib/account-limits";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/password-length";
import { BACKUP_CODES_PER_SET } from "@/lib/security-activity";
import {
  emailChangedMail,
  existingAccountMail,
  passwordResetMail,
  RESET_LINK_MINUTES,
  VERIFICATION_LINK_HOURS,
  verificationMail,
} from "@/lib/server/account-mails";
import { afterRecovery } from "@/lib/server/account-recovery";
import { jwtPluginOptions } from "@/lib/server/api-token-signing";
import { commonPasswordsRefused } from "@/lib/server/common-passwords";
import { emailChangeGuard } from "@/lib/server/email-change-guard";
import { config, type WebConfig } from "@/lib/server/env";
import { sendInBackground } from "@/lib/server/mail";
import { passkeyPlugins } from "@/lib/server/passkeys";
import { passwordConfirmation } from "@/lib/server/password-confirmation";
import {
  accountSignInLimit,
  linkMailsWithinLimit,
  SIGN_IN_CODES,
  setupCodesWithinLimit,
  totpCodesOnce,
  twoFactorCodeRule,
} from "@/lib/server/per-account-limits";
import { recordSecurityEvent, securityActivity } from "@/lib/server/security-activity";
import { renewalWithinAbsoluteLifetime } from "@/lib/server/session-lifetime";
import { sessionTokensStayInCookies } from "@/lib/server/session-tokens-stay-in-cookies";
import { methodsOfSignIn } from "@/lib/server/sign-in-methods";
import { apiTokenCache } from "@/lib/server/token-cache";
import { TWO_FACTOR_LOCK_MINUTES } from "@/lib/two-factor-messages";
import { CLIENT_IP_HEADER } from "@/runtime/client-address.mjs";
import { log } from "@/runtime/log.mjs";

/**
 * A name or email longer than the token contract allows would make every API call of the account fail;
 * refused where accounts are created or changed, with words a person can act on.
 */
const ACCOUNT_DETAIL_PATHS = new Set(["/sign-up/email", "/update-user", "/change-email"]);
const accountDetailsWithinTokenLimits = createAuthMiddleware(async (ctx) => {
  if (!ACCOUNT_DETAIL_PATHS.has(ctx.path)) return;
  const { name, email, newEmail } = (ctx.body ?? {}) as {
    name?: unknown;
    email?: unknown;
    newEmail?: unknown;
  };
  if (typeof name === "string" && name.trim().length > NAME_MAX_LENGTH)
    throw new APIError("BAD_REQUEST", { code: "NAME_TOO_LONG", message: NAME_TOO_LONG });
  for (const address of [email, newEmail])
    if (typeof address === "string" && address.trim().length > EMAIL_MAX_LENGTH)
      throw new APIError("BAD_REQUEST", { code: "EMAIL_TOO_LONG", message: EMAIL_TOO_LONG });
});

/**
 * The address an update of `user` replaced, when the update is a change of email taking effect: the
 * link mailed to the new address was followed. Its token, already checked by Better Auth (which
 * also checked that its `email` was the account's address), names both addresses.
 */
function replacedEmail(user: { email: string }, ctx: GenericEndpointContext | null): string | null {
  const token: unknown = ctx?.path === "/verify-email" ? ctx.query?.token : undefined;
  if (typeof token !== "string") return null;
  const { email, updateTo } = decodeJwt(token);
  return typeof email === "string" && updateTo === user.email && email !== user.email ? email : null;
}

/**
 * Where Better Auth finds the client's address: set by server.mjs from the TCP peer, replacing any
 * client value, so unforgeable, unlike X-Forwarded-For when the app is reached directly. Its limits
 * count an IPv6 /64 as one client, and so does every limit of ours that reads it with `getIP`.
 */
export const CLIENT_IP_OPTIONS = { ipAddressHeaders: [CLIENT_IP_HEADER] };

/**
 * The prefix of every cookie Better Auth sets. On https, `__Host-`: the browser then keeps each one to
 * this host (Secure, Path=/, no Domain), so that no sibling subdomain can plant a session cookie here
 * (ASVS 3.4.4); on http (development, tests) browsers take no prefix.
 */
export function cookiePrefixFor(appOrigin: string): string {
  return appOrigin.startsWith("https://") ? "__Host-better-auth" : "better-auth";
}

function createAuth(cfg: WebConfig) {
  const pluginOptions = jwtPluginOptions(cfg);
  const pool = new Pool({ connectionString: cfg.databaseUrl, max: 10 });
  // The server ending an idle connection (a restart, a failover, a restore) is routine: the pool drops
  // it and opens another on demand; without a listener Node reports it as an uncaught exception.
  pool.on("error", (error) => log.warn(`an idle database connection was ended: ${error.message}`));
  const secureOrigin = cfg.appOrigin.startsWith("https://");
  const sendLinkMail = (kind: string) =>
    cfg.authRateLimit ? linkMailsWithinLimit(pool, kind) : sendInBackground;
  const sendResetMail = sendLinkMail("reset");
  const sendVerificationMail = sendLinkMail("verification");
  const instance = betterAuth({
    appName: "Todo",
    baseURL: cfg.appOrigin,
    secret: cfg.betterAuthSecret,
    database: pool,
    emailAndPassword: {
      enabled: true,
      minPasswordLength: PASSWORD_MIN_LENGTH,
      maxPasswordLength: PASSWORD_MAX_LENGTH,
      autoSignIn: true,
      requireEmailVerification: cfg.requireEmailVerification,
      // Same answer whether or not the email has an account; the link works once, for 30 minutes,
      // and a reset ends every session of the account.
      sendResetPassword: async ({ user, url }) => sendResetMail(passwordResetMail(user.email, url)),
      resetPasswordTokenExpiresIn: RESET_LINK_MINUTES * 60,
      onExistingUserSignUp: async ({ user }) => sendInBackground(existingAccountMail(user.email)),
      revokeSessionsOnPasswordReset: true,
      onPasswordReset: async (
        { user }: { user: { id: string; email: string; emailVerified: boolean } },
        request?: Request,
      ) => {
        const reset = { userId: user.id, email: user.email, kind: "password_reset" } as const;
        await recordSecurityEvent(pool, reset, request, instance.options);
        await afterRecovery(await instance.$context, user);
      },
    },
    // Configured even with verification off: a change of email is confirmed through this mail too.
    emailVerification: {
      sendVerificationEmail: async ({ user, url }) => sendVerificationMail(verificationMail(user.email, url)),
      sendOnSignUp: cfg.requireEmailVerification,
      // A link proves the mailbox, not the password or the second factor, and anyone may have asked
      // for one to be sent: it confirms the address and the person then signs in.
      autoSignInAfterVerification: false,
      expiresIn: VERIFICATION_LINK_HOURS * 60 * 60,
    },
    user: {
      deleteUser: { enabled: true },
      // The new address takes effect only once the link mailed to it is followed (no confirmation
      // from the old address first: sendChangeEmailConfirmation is not set); the old address is told
      // then (see databaseHooks), when there is a change to tell of rather than a request.
      changeEmail: { enabled: true },
    },
    session: {
      expiresIn: 60 * 60 * 24 * 7,
      updateAge: 60 * 60 * 24, // sliding: a session used after a day is extended, up to its absolute limit
      // No "fresh session" rule (a day by default): a confirmed password guards what it guarded, and an
      // older session can still list and sign out the account's devices.
      freshAge: 0,
      // No cookie cache: every request checks the session in the database, so a sign-out or a
      // revocation from another device takes effect at once.
      cookieCache: { enabled: false },
      // How the session was started (the API token's `amr`), set by the session hook below.
      additionalFields: { amr: { type: "string[]", required: false, input: false } },
    },
    rateLimit: {
      enabled: cfg.authRateLimit,
      // In PostgreSQL, counted atomically: every replica sees the same count, so adding replicas
      // does not multiply a client's attempts.
      storage: "database",
      window: 60,
      max: 100,
      customRules: {
        "/sign-in/email": { window: 10, max: 3 },
        "/sign-up/email": { window: 10, max: 3 },
        "/request-password-reset": { window: 60, max: 3 },
        // Per address, on top of Better Auth's own limits of a two-factor step (5 wrong codes) and of
        // an account (locked for 15 minutes after 10 in a row).
        "/two-factor/verify-totp": twoFactorCodeRule(pool, cookiePrefixFor(cfg.appOrigin)),
        "/two-factor/verify-backup-code": SIGN_IN_CODES,
      },
    },
    advanced: {
      ipAddress: CLIENT_IP_OPTIONS,
      // The session and its user in one query rather than two: getSession runs on every BFF call. No
      // schema check at run time: it keeps a mismatch until the process restarts, so one request during
      // a restore left a replica refusing every sign-in after the data was back (docs/architecture.md).
      database: { joins: true, validateSchema: false },
      cookiePrefix: cookiePrefixFor(cfg.appOrigin),
      useSecureCookies: false, // its `__Secure-` prefix would come before `__Host-`
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure: secureOrigin },
    },
    // The browser never receives a JWT: no /token endpoint (and no JWKS in HS256 mode). Nor does it
    // delete accounts here: DELETE /api/me asks the password and erases the API's data first, and
    // calls deleteUser on the server, which these paths do not close.
    disabledPaths: [
      "/token",
      ...(cfg.jwtAlgorithm === "HS256" ? ["/jwks"] : []),
      "/delete-user",
      "/delete-user/callback",
    ],
    telemetry: { enabled: false },
    // Into the JSON log: the message, and of the rest only error messages, never the request's data.
    logger: {
      log: (level, message, ...args) => {
        const errors = args.filter((arg) => arg instanceof Error).map((error) => error.message);
        log[level]({ source: "better-auth", ...(errors.length ? { errors } : {}) }, message);
      },
    },
    hooks: { before: accountDetailsWithinTokenLimits },
    databaseHooks: {
      session: {
        create: {
          // A session that replaces one of the same user (turning two-factor on or off, a change of
          // password) keeps how the person signed in: Better Auth copies the old session's fields
          // into it, or the request is made with the old session.
          before: async (session, ctx) => {
            if ((session as { amr?: unknown }).amr !== undefined) return;
            const current = ctx?.context.session;
            const replaced = current?.user.id === session.userId ? current.session : undefined;
            const carried = (replaced as { amr?: string[] | null } | undefined)?.amr;
            return { data: { amr: methodsOfSignIn(ctx?.path) ?? carried ?? null } };
          },
        },
        update: { before: renewalWithinAbsoluteLifetime },
        delete: { after: async (session) => apiTokenCache.forget(session.id) },
      },
      user: {
        update: {
          after: async (user, ctx) => {
            const oldEmail = replacedEmail(user, ctx);
            if (!oldEmail) return;
            sendInBackground(emailChangedMail(oldEmail, user.email));
            const change = { userId: user.id, email: user.email, kind: "email_changed" } as const;
            await recordSecurityEvent(pool, change, ctx?.request ?? ctx?.headers, instance.options);
          },
        },
      },
    },
    plugins: [
      jwt(pluginOptions),
      twoFactor({
        issuer: "Todo",
        // The sign-in's second step lasts 10 minutes; a device the person trusts skips it for 30 days.
        twoFactorCookieMaxAge: 10 * 60,
        trustDeviceMaxAge: 30 * 24 * 60 * 60,
        backupCodeOptions: { amount: BACKUP_CODES_PER_SET, length: 10, storeBackupCodes: "encrypted" },
        accountLockout: { maxFailedAttempts: 10, durationSeconds: TWO_FACTOR_LOCK_MINUTES * 60 },
      }),
      ...passkeyPlugins(cfg.appOrigin),
      ...(cfg.authRateLimit ? [accountSignInLimit(pool), setupCodesWithinLimit(pool)] : []),
      totpCodesOnce(pool),
      commonPasswordsRefused,
      passwordConfirmation,
      emailChangeGuard,
      securityActivity(pool, async (userId): Promise<number> => {
        const viewed: { backupCodes: string[] } = await instance.api.viewBackupCodes({ body: { userId } });
        return viewed.backupCodes.length;
      }),
      sessionTokensStayInCookies,
      nextCookies(), // last
    ],
  });
  return { instance, pluginOptions, pool };
}

let created: ReturnType<typeof createAuth> | undefined;

function authParts() {
  created ??= createAuth(config());
  return created;
}

/** The Better Auth instance (built on first use, so that `next build` needs no configuration). */
export function getAuth() {
  return authParts().instance;
}

export function getJwtPluginOptions(): JwtOptions {
  return authParts().pluginOptions;
}

/** Better Auth's connection pool, for the readiness check. */
export function getDatabasePool(): Pool {
  return authParts().pool;
}

/** A signed-in session and its user, as Better Auth's `getSession` returns it. */
export type AuthSession = ReturnType<typeof createAuth>["instance"]["$Infer"]["Session"];

/** The signed-in user of the current request, for server components and layouts. */
export async function getSession(): Promise<AuthSession | null> {
  // headers() first: it marks the page dynamic before any configuration is read, so `next build`
  // needs no secrets.
  const requestHeaders = await headers();
  return getAuth().api.getSession({ headers: requestHeaders });
}
