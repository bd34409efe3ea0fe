import "server-only";

import type { BetterAuthPlugin, GenericEndpointContext } from "better-auth";
import {
  APIError,
  createAuthEndpoint,
  createAuthMiddleware,
  getIP,
  getSessionFromCtx,
  sessionMiddleware,
} from "better-auth/api";
import type { Pool } from "pg";
import { describeUserAgent } from "@/app/(app)/account/describe-user-agent";
import {
  BACKUP_CODES_LOW,
  ERASE_EXPIRED_SECURITY_EVENTS,
  networkOf,
  SECURITY_EVENT_RETENTION_DAYS,
  type SecurityEventKind,
  type SignInMethod,
} from "@/lib/security-activity";
import {
  backupCodesLowMail,
  newDeviceSignInMail,
  SIGN_IN_CHANGES,
  type SignInChange,
  signInChangedMail,
} from "@/lib/server/account-mails";
import { sendInBackground } from "@/lib/server/mail";
import { log } from "@/runtime/log.mjs";
import { metrics } from "@/runtime/metrics.mjs";

/**
 * The account's security events, in Better Auth's database beside its sessions: written only here,
 * append-only for the web app's runtime role (it may INSERT and SELECT, nothing else), erased after
 * SECURITY_EVENT_RETENTION_DAYS by the housekeeping job through ERASE_EXPIRED_SECURITY_EVENTS, and gone with the account.
 */
const TABLE = "security_event";

/** Run by the migration as the tables' owner; safe to run again. */
export async function createSecurityEventsTable(pool: Pool): Promise<void> {
  await pool.query(`
    CREATE TABLE IF NOT EXISTS ${TABLE} (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      user_id text NOT NULL REFERENCES "user"(id) ON DELETE CASCADE,
      kind text NOT NULL,
      method text,
      device text,
      network text,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX IF NOT EXISTS ${TABLE}_by_user ON ${TABLE} (user_id, created_at DESC);
    CREATE INDEX IF NOT EXISTS ${TABLE}_by_age ON ${TABLE} (created_at);
    -- Append-only: whoever the owner's default privileges gave more than reading and adding loses it
    -- (docker/postgres/roles.sql takes it away again when it grants afresh).
    DO $$
    DECLARE grantee_name text;
    BEGIN
      FOR grantee_name IN
        SELECT DISTINCT grantee FROM information_schema.role_table_grants
        WHERE table_schema = current_schema() AND table_name = '${TABLE}'
          AND privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE') AND grantee <> current_user
      LOOP
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON ${TABLE} FROM %I', grantee_name);
      END LOOP;
    END $$;
    -- The housekeeping job runs as the runtime role: it erases only what is past retention, as the owner.
    CREATE OR REPLACE FUNCTION ${ERASE_EXPIRED_SECURITY_EVENTS}(batch integer) RETURNS integer
    LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
      WITH erased AS (
        DELETE FROM ${TABLE} WHERE id = ANY(ARRAY(
          SELECT id FROM ${TABLE} WHERE created_at < now() - interval '${SECURITY_EVENT_RETENTION_DAYS} days'
          LIMIT batch FOR UPDATE SKIP LOCKED))
        RETURNING 1)
      SELECT count(*)::integer FROM erased
    $fn$;
  `);
}

export interface SecurityEvent {
  id: string;
  kind: SecurityEventKind;
  method: SignInMethod | null;
  device: string | null;
  network: string | null;
  createdAt: Date;
}

/** The newest events of the account within retention, at most `limit`. */
export async function recentSecurityEvents(
  pool: Pool,
  userId: string,
  limit: number,
): Promise<SecurityEvent[]> {
  const { rows } = await pool.query<SecurityEvent>(
    `SELECT id::text, kind, method, device, network, created_at AS "createdAt" FROM ${TABLE}
     WHERE user_id = $1 AND created_at >= now() - make_interval(days => $2)
     ORDER BY created_at DESC, id DESC LIMIT $3`,
    [userId, SECURITY_EVENT_RETENTION_DAYS, limit],
  );
  return rows;
}

// Retention bounds an account's events; this bounds what one export reads of them into memory.
const EXPORTED_EVENTS_MAX = 10_000;

/** The account's security events for "Export all my data", newest first: never a secret or a code. */
export async function securityEventsForExport(pool: Pool, userId: string) {
  const events = await recentSecurityEvents(pool, userId, EXPORTED_EVENTS_MAX);
  return events.map(({ kind, method, device, network, createdAt }) => ({
    at: createdAt.toISOString(),
    kind,
    method,
    device,
    network,
  }));
}

/**
 * A browser the person told the two-factor plugin to trust (it then skips the second step there): the
 * plugin keeps one `verification` row per device, renewed at each sign-in there, and checks it on
 * every sign-in, so forgetting the row makes that device ask for a code again. Its device and network
 * are those of the sign-in that (re)created the row; `id` is the row's, never its identifier.
 */
export interface TrustedDevice {
  id: string;
  device: string | null;
  network: string | null;
  lastSignIn: Date;
  expiresAt: Date;
}

const OF_THE_ACCOUNT = `v.value = $1 AND v.identifier LIKE 'trust-device-%'`;

export async function trustedDevices(pool: Pool, userId: string): Promise<TrustedDevice[]> {
  const { rows } = await pool.query<TrustedDevice>(
    `SELECT v.id, e.device, e.network, v."createdAt" AS "lastSignIn", v."expiresAt"
     FROM "verification" v LEFT JOIN LATERAL (
       SELECT device, network FROM ${TABLE}
       WHERE user_id = v.value AND kind = 'sign_in' AND created_at BETWEEN v."createdAt" - interval '1 minute'
         AND v."createdAt" + interval '1 minute'
       ORDER BY abs(extract(epoch FROM created_at - v."createdAt")) LIMIT 1
     ) e ON true
     WHERE ${OF_THE_ACCOUNT} AND v."expiresAt" > now()
     ORDER BY v."createdAt" DESC`,
    [userId],
  );
  return rows;
}

/** `POST /api/auth/trusted-devices/forget` `{id}`: that device asks for a second factor again. */
const forgetTrustedDevice = (pool: Pool) =>
  createAuthEndpoint("/trusted-devices/forget", { method: "POST", use: [sessionMiddleware] }, async (ctx) => {
    const { id } = (ctx.body ?? {}) as { id?: unknown };
    const { user } = ctx.context.session;
    const { rowCount } = await pool.query(
      `DELETE FROM "verification" v WHERE ${OF_THE_ACCOUNT} AND v.id = $2`,
      [user.id, typeof id === "string" ? id : ""],
    );
    if (!rowCount)
      throw new APIError("NOT_FOUND", {
        code: "NOT_A_TRUSTED_DEVICE",
        message: "This device is no longer trusted.",
      });
    const forgotten = { userId: user.id, email: user.email, kind: "trusted_device_revoked" } as const;
    await record(pool, forgotten, originOf(ctx.request ?? ctx.headers, ctx.context.options));
    return ctx.json({ status: true });
  });

interface Happening {
  userId: string;
  email: string;
  kind: SecurityEventKind;
  method?: SignInMethod;
}

/** Where a request came from, as an event keeps it: the browser and system, and the address's network. */
function originOf(
  request: Request | Headers | undefined,
  options: GenericEndpointContext["context"]["options"],
) {
  const headers = request instanceof Request ? request.headers : request;
  return {
    device: headers ? describeUserAgent(headers.get("user-agent")) : null,
    network: request ? networkOf(getIP(request, options)) : null,
  };
}

/**
 * Whether a sign-in comes from a device the account has not signed in from before: no earlier sign-in
 * (or the sign-up) with the same browser and system from the same network. An account with no such
 * event at all (created before events were kept) learns its devices without a mail for each.
 */
async function fromNewDevice(pool: Pool, userId: string, device: string | null, network: string | null) {
  const { rows } = await pool.query<{ known: boolean; any: boolean }>(
    `SELECT bool_or(device IS NOT DISTINCT FROM $2 AND network IS NOT DISTINCT FROM $3) AS known,
            count(*) > 0 AS any
     FROM ${TABLE} WHERE user_id = $1 AND kind IN ('sign_in', 'account_created')`,
    [userId, device, network],
  );
  return rows[0].any && !rows[0].known;
}

/**
 * Keeps the event, logs it for SREs and counts it; then mails the owner what they must hear of. It names
 * no secret or code, and the log line no address (only the account's id and the network). A failure is
 * logged and never fails the request: the change it tells of is done either way.
 */
async function record(
  pool: Pool,
  happening: Happening,
  origin: { device: string | null; network: string | null },
  remainingBackupCodes?: (userId: string) => Promise<number>,
) {
  try {
    await keepAndTell(pool, happening, origin, remainingBackupCodes);
  } catch (error) {
    const { kind } = happening;
    log.error(
      { event: "security_event", kind, error: (error as Error).message },
      "security event not recorded",
    );
  }
}

async function keepAndTell(
  pool: Pool,
  happening: Happening,
  origin: { device: string | null; network: string | null },
  remainingBackupCodes?: (userId: string) => Promise<number>,
) {
  const { userId, email, kind, method = null } = happening;
  const newDevice = kind === "sign_in" && (await fromNewDevice(pool, userId, origin.device, origin.network));
  await pool.query(
    `INSERT INTO ${TABLE} (user_id, kind, method, device, network) VALUES ($1, $2, $3, $4, $5)`,
    [userId, kind, method, origin.device, origin.network],
  );
  log.info(
    { event: "security_event", kind, method, user_id: userId, ...origin, new_device: newDevice },
    "security event",
  );
  metrics.securityEvents.inc({ kind });
  if (newDevice) sendInBackground(newDeviceSignInMail(email, { ...origin, method }));
  if (kind in SIGN_IN_CHANGES) sendInBackground(signInChangedMail(email, kind as SignInChange));
  if (kind === "backup_code_used" && remainingBackupCodes) {
    const remaining = await remainingBackupCodes(userId);
    if (remaining <= BACKUP_CODES_LOW) sendInBackground(backupCodesLowMail(email, remaining));
  }
}

/** Records what happened outside an endpoint's hooks (a password reset, a change of email taking effect). */
export async function recordSecurityEvent(
  pool: Pool,
  happening: Happening,
  request: Request | Headers | undefined,
  options: GenericEndpointContext["context"]["options"],
) {
  await record(pool, happening, originOf(request, options));
}

/** The endpoints that change how an account signs in, or its sessions, when they succeed. */
const CHANGES = new Map<string, SecurityEventKind>([
  ["/change-password", "password_changed"],
  ["/passkey/verify-registration", "passkey_added"],
  ["/passkey/delete-passkey", "passkey_removed"],
  ["/two-factor/disable", "two_factor_off"],
  ["/two-factor/generate-backup-codes", "backup_codes_renewed"],
  ["/revoke-session", "sessions_revoked"],
  ["/revoke-sessions", "sessions_revoked"],
  ["/revoke-other-sessions", "sessions_revoked"],
]);

/** The endpoints that finish a sign-in, and how the person signed in there. */
const SIGN_INS = new Map<string, SignInMethod>([
  ["/sign-in/email", "password"],
  ["/two-factor/verify-totp", "authenticator_code"],
  ["/two-factor/verify-backup-code", "backup_code"],
  ["/passkey/verify-authentication", "passkey"],
]);
const SIGN_UP_PATH = "/sign-up/email";
const BACKUP_CODE_PATH = "/two-factor/verify-backup-code";
const TOTP_PATH = "/two-factor/verify-totp";
const TWO_FACTOR_COOKIE = "two_factor";

/** The account a sign-in's second step is for: the plugin's signed cookie names its record. */
async function accountOfSecondStep(ctx: GenericEndpointContext) {
  const cookie = ctx.context.createAuthCookie(TWO_FACTOR_COOKIE);
  const identifier = await ctx.getSignedCookie(cookie.name, ctx.context.secret);
  const pending = identifier ? await ctx.context.internalAdapter.findVerificationValue(identifier) : null;
  return pending ? ctx.context.internalAdapter.findUserById(pending.value) : null;
}

/** A refused sign-in of an existing account: a wrong password, or a wrong code at the second step. */
async function failedSignIn(
  ctx: GenericEndpointContext,
  refusal: Error,
  method: SignInMethod,
): Promise<Happening[]> {
  const status = (refusal as { statusCode?: number }).statusCode;
  if (status !== 401) return [];
  const email = (ctx.body as { email?: unknown } | undefined)?.email;
  const user =
    method === "password"
      ? typeof email === "string"
        ? (await ctx.context.internalAdapter.findUserByEmail(email))?.user
        : null
      : method === "passkey"
        ? null
        : await accountOfSecondStep(ctx);
  return user ? [{ userId: user.id, email: user.email, kind: "sign_in_failed", method }] : [];
}

/** What a call did to an account, in events; none for a call that changed nothing of note. */
async function happeningsOf(ctx: GenericEndpointContext, returned: unknown): Promise<Happening[]> {
  const path = ctx.path ?? "";
  const method = SIGN_INS.get(path);
  if (returned instanceof Error) return method ? failedSignIn(ctx, returned, method) : [];
  const started = ctx.context.newSession?.user;
  if (path === SIGN_UP_PATH)
    return started ? [{ userId: started.id, email: started.email, kind: "account_created" }] : [];
  const signedIn = ctx.context.session;
  if (method && !signedIn?.session)
    // A password sign-in that still needs its second factor started no session yet.
    return started
      ? [
          { userId: started.id, email: started.email, kind: "sign_in", method },
          ...(path === BACKUP_CODE_PATH
            ? [{ userId: started.id, email: started.email, kind: "backup_code_used" as const }]
            : []),
        ]
      : [];
  if (path === BACKUP_CODE_PATH && signedIn)
    return [{ userId: signedIn.user.id, email: signedIn.user.email, kind: "backup_code_used" }];
  // A code accepted from a signed-in person whose two-factor was off turns it on (the plugin then
  // replaces the session); otherwise it only confirmed who they are.
  if (path === TOTP_PATH)
    return signedIn && !signedIn.user.twoFactorEnabled && ctx.context.newSession
      ? [{ userId: signedIn.user.id, email: signedIn.user.email, kind: "two_factor_on" }]
      : [];
  const kind = CHANGES.get(path);
  const user = kind ? (signedIn ?? (await getSessionFromCtx(ctx)))?.user : undefined;
  return kind && user ? [{ userId: user.id, email: user.email, kind }] : [];
}

const WATCHED = new Set([...CHANGES.keys(), ...SIGN_INS.keys(), SIGN_UP_PATH]);

/**
 * Records each security event of an account where Better Auth tells of it, and mails the owner those
 * they must hear of (ASVS 2.2.3, 3.3.4): a sign-in from a new device, a change of how the account
 * signs in, backup codes running low. A password reset and a change of email are told by auth.ts's
 * callbacks, through `recordSecurityEvent`.
 */
export function securityActivity(pool: Pool, remainingBackupCodes: (userId: string) => Promise<number>) {
  const recordWhatHappened = createAuthMiddleware(async (ctx) => {
    const origin = originOf(ctx.request ?? ctx.headers, ctx.context.options);
    const keepAll = async () => {
      for (const happening of await happeningsOf(ctx, ctx.context.returned))
        await record(pool, happening, origin, remainingBackupCodes);
    };
    // A refusal is answered without waiting: a wrong password would otherwise take longer for an
    // existing account (whose event is written) than for an unknown address, telling which exists.
    if (ctx.context.returned instanceof Error)
      keepAll().catch((error: unknown) =>
        log.error(
          { event: "security_event", error: (error as Error).message },
          "security event not recorded",
        ),
      );
    else await keepAll();
  });
  return {
    id: "security-activity",
    endpoints: { forgetTrustedDevice: forgetTrustedDevice(pool) },
    hooks: { after: [{ matcher: (ctx) => WATCHED.has(ctx.path ?? ""), handler: recordWhatHappened }] },
  } satisfies BetterAuthPlugin;
}
