import "server-only";

import { createHash } from "node:crypto";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import type { Pool } from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { ACCOUNT_SIGN_IN_LIMITED } from "@/lib/failure-messages";
import { type Mail, sendInBackground } from "@/lib/server/mail";
import { log } from "@/log.mjs";

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
  tableCreated = true,
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
      duration: 60 * 60,
    },
    ready,
  );
}

/** Creates the limits' table (run by the migration, so that no request races to create it). */
export function createPerAccountLimitsTable(pool: Pool): Promise<void> {
  return new Promise((resolve, reject) => {
    limiter(pool, "password", FAILED_SIGN_INS_PER_HOUR, false, (error) =>
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
    try {
      await mails.consume(accountKey(mail.to));
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      log.warn({ kind: mail.kind }, "mail not sent: this address had its links for the hour");
      return;
    }
    sendInBackground(mail);
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
    try {
      await failures.consume(key);
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      const seconds = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
      throw new APIError(
        "TOO_MANY_REQUESTS",
        {
          code: ACCOUNT_SIGN_IN_LIMITED,
          message: "Too many wrong passwords for this account.",
        },
        { "X-Retry-After": String(seconds) },
      );
    }
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
