import "server-only";

import { createHash } from "node:crypto";
import type { BetterAuthPlugin, GenericEndpointContext } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { getSessionCookie } from "better-auth/cookies";
import type { Pool } from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { ACCOUNT_SIGN_IN_LIMITED } from "@/lib/failure-messages";
import { type Mail, sendInBackground } from "@/lib/server/mail";
import { log } from "@/runtime/log.mjs";

// ASVS 2.2.1: at most 100 wrong passwords an hour for one account, however many addresses send them.
const FAILED_SIGN_INS_PER_HOUR = 100;
// A mailbox gets at most 3 links of each kind an hour (reset, confirmation), however many addresses ask.
const LINK_MAILS_PER_HOUR = 3;
const TABLE = "per_account_limit";
const SIGN_IN_PATH = "/sign-in/email";

/**
 * The account an address names, as Better Auth finds it (NFC, lower case), so that `Ann@X` and
 * ` ann@x` count together; hashed, so that the table holds no address and every key fits its column.
 */
export function accountKey(email: string): string {
  return createHash("sha256").update(email.trim().normalize("NFC").toLowerCase()).digest("hex");
}

function limiter(
  pool: Pool,
  keyPrefix: string,
  points: number,
  { seconds = 60 * 60, tableCreated = true }: { seconds?: number; tableCreated?: boolean } = {},
  ready?: (error?: Error) => void,
) {
  return new RateLimiterPostgres(
    {
      storeClient: pool,
      storeType: "pool",
      tableName: TABLE,
      tableCreated,
      keyPrefix,
      points,
      duration: seconds,
    },
    ready,
  );
}

/** Takes one of `key`'s points: null when it was there, else the whole seconds until one is back. */
async function secondsUntilAllowed(limit: RateLimiterPostgres, key: string): Promise<number | null> {
  try {
    await limit.consume(key);
    return null;
  } catch (refusal) {
    if (!(refusal instanceof RateLimiterRes)) throw refusal;
    return Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
  }
}

/** Creates the limits' table (run by the migration, so that no request races to create it). */
export function createPerAccountLimitsTable(pool: Pool): Promise<void> {
  return new Promise((resolve, reject) => {
    limiter(pool, "password", FAILED_SIGN_INS_PER_HOUR, { tableCreated: false }, (error) =>
      error ? reject(error) : resolve(),
    );
  });
}

/**
 * Sends a mail carrying a link (`kind` names the link) unless its address had its links of that kind
 * for the hour. Better Auth limits the requests per client address only, so that many addresses could
 * flood one mailbox; the answer is the same either way, so that it tells nothing of the account.
 */
export function linkMailsWithinLimit(pool: Pool, kind: string) {
  const mails = limiter(pool, `${kind}-mail`, LINK_MAILS_PER_HOUR);
  return async (mail: Mail): Promise<void> => {
    if ((await secondsUntilAllowed(mails, accountKey(mail.to))) === null) sendInBackground(mail);
    else log.warn({ kind: mail.kind }, "mail not sent: this address had its links for the hour");
  };
}

/**
 * Better Auth limits sign-in per client address only, so many addresses could try one account's
 * password without end. Each password sign-in takes a point of its account before the password is
 * checked (atomically, so concurrent attempts cannot overrun the limit); a wrong password keeps it,
 * any other outcome gives it back, and a right one clears the count. Passkeys and password resets stay
 * open to the owner of a limited account.
 */
export function accountSignInLimit(pool: Pool) {
  const failures = limiter(pool, "password", FAILED_SIGN_INS_PER_HOUR);
  const keyOf = (body: unknown): string | null => {
    const { email } = (body ?? {}) as { email?: unknown };
    return typeof email === "string" ? accountKey(email) : null;
  };

  const takeAPoint = createAuthMiddleware(async (ctx) => {
    const key = keyOf(ctx.body);
    if (!key) return;
    const seconds = await secondsUntilAllowed(failures, key);
    if (seconds !== null)
      throw new APIError(
        "TOO_MANY_REQUESTS",
        {
          code: ACCOUNT_SIGN_IN_LIMITED,
          message: "Too many wrong passwords for this account.",
        },
        { "X-Retry-After": String(seconds) },
      );
  });

  const settleThePoint = createAuthMiddleware(async (ctx) => {
    const key = keyOf(ctx.body);
    if (!key) return;
    const returned = ctx.context.returned;
    if (!(returned instanceof Error)) await failures.delete(key);
    else if (returned instanceof APIError && returned.statusCode === 401) return;
    else if (!(returned instanceof APIError && returned.body?.code === ACCOUNT_SIGN_IN_LIMITED))
      await failures.reward(key, 1);
  });

  return {
    id: "per-account-sign-in-limit",
    hooks: {
      before: [{ matcher: (ctx) => ctx.path === SIGN_IN_PATH, handler: takeAPoint }],
      after: [{ matcher: (ctx) => ctx.path === SIGN_IN_PATH, handler: settleThePoint }],
    },
  } satisfies BetterAuthPlugin;
}

// A code is good for its 30-second step and the steps on either side (the plugin's window): remembered
// a little longer than that.
const TOTP_CODE_MEMORY_SECONDS = 120;
const TOTP_PATH = "/two-factor/verify-totp";
export const TOTP_CODE_USED = "TOTP_CODE_USED";

/** The user a two-factor code is for: the signed-in one (turning it on), or the one of the sign-in's second step. */
async function userOfTheCode(ctx: GenericEndpointContext): Promise<string | null> {
  const session = await getSessionFromCtx(ctx);
  if (session) return session.user.id;
  const pending = await ctx.getSignedCookie(
    ctx.context.createAuthCookie("two_factor").name,
    ctx.context.secret,
  );
  return pending ? ((await ctx.context.internalAdapter.findVerificationValue(pending))?.value ?? null) : null;
}

/**
 * One authenticator code is accepted once (ASVS 2.8.4): someone who sees a code over a shoulder, or a
 * phishing page that relays it, cannot use it again, and of concurrent submissions one wins. Each
 * code a user submits is claimed atomically before the plugin checks it, and given back if the check
 * fails, so that only an accepted code stays used.
 */
export function totpCodesOnce(pool: Pool) {
  const used = limiter(pool, "totp-code", 1, { seconds: TOTP_CODE_MEMORY_SECONDS });
  const keyOf = async (ctx: GenericEndpointContext): Promise<string | null> => {
    const { code } = (ctx.body ?? {}) as { code?: unknown };
    const user = typeof code === "string" ? await userOfTheCode(ctx) : null;
    return user ? createHash("sha256").update(`${user}:${code}`).digest("hex") : null;
  };
  const claim = createAuthMiddleware(async (ctx) => {
    const key = await keyOf(ctx);
    if (!key) return;
    if ((await secondsUntilAllowed(used, key)) !== null)
      throw new APIError("UNAUTHORIZED", {
        code: TOTP_CODE_USED,
        message: "This code was used already. Wait for the next one in your app.",
      });
  });
  const giveBackUnlessAccepted = createAuthMiddleware(async (ctx) => {
    if (!(ctx.context.returned instanceof Error)) return;
    if (ctx.context.returned instanceof APIError && ctx.context.returned.body?.code === TOTP_CODE_USED)
      return;
    const key = await keyOf(ctx);
    if (key) await used.delete(key);
  });
  return {
    id: "totp-codes-once",
    hooks: {
      before: [{ matcher: (ctx) => ctx.path === TOTP_PATH, handler: claim }],
      after: [{ matcher: (ctx) => ctx.path === TOTP_PATH, handler: giveBackUnlessAccepted }],
    },
  } satisfies BetterAuthPlugin;
}

/**
 * The sign-in's second step, per client address: 10 codes, then none until a minute has passed without
 * one (Better Auth's window starts again only after a pause as long as itself). The plugin already
 * bounds guessing (5 wrong codes a step, then the password again; an account locked for 15 minutes
 * after 10 in a row), so this only bounds one address across accounts; Better Auth's default of 3 per
 * 10 s refused a right code after one mistake whenever codes of the same address (an earlier step, a
 * colleague behind the same NAT) had come in the seconds before.
 */
export const SIGN_IN_CODES = { window: 60, max: 10 };
// Confirming a new authenticator, per account: a person may mistype a few times while setting it up.
const SETUP_CODES_PER_TEN_MINUTES = 10;

/**
 * Better Auth's limit of `/two-factor/verify-totp` counts per address and path, so the codes typed
 * while turning two-factor on counted against the sign-in's second step that followed, and a right
 * code a few seconds after one mistake was refused. The step keeps the address limit; a signed-in
 * person confirming a new authenticator (a session that exists, not any cookie) is exempt from it and
 * limited per account instead (`setupCodesWithinLimit`).
 */
export function twoFactorCodeRule(pool: Pool, cookiePrefix: string) {
  return async (request: Request) => {
    // Looked up here rather than through Better Auth, whose rate limiter this runs inside.
    const cookie = getSessionCookie(request, { cookiePrefix });
    const token = cookie ? decodeURIComponent(cookie).split(".", 1)[0] : null;
    const found = token
      ? await pool.query(`SELECT 1 FROM "session" WHERE token = $1 AND "expiresAt" > now()`, [token])
      : null;
    return found?.rowCount ? false : SIGN_IN_CODES;
  };
}

export function setupCodesWithinLimit(pool: Pool) {
  const tries = limiter(pool, "totp-setup", SETUP_CODES_PER_TEN_MINUTES, { seconds: 10 * 60 });
  const countATry = createAuthMiddleware(async (ctx) => {
    const session = await getSessionFromCtx(ctx);
    if (!session) return;
    const seconds = await secondsUntilAllowed(tries, session.user.id);
    if (seconds !== null)
      throw new APIError(
        "TOO_MANY_REQUESTS",
        { code: "TOO_MANY_SETUP_CODES", message: "Too many codes tried." },
        { "X-Retry-After": String(seconds) },
      );
  });
  return {
    id: "two-factor-setup-limit",
    hooks: { before: [{ matcher: (ctx) => ctx.path === TOTP_PATH, handler: countATry }] },
  } satisfies BetterAuthPlugin;
}
