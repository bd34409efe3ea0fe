/**
 * `npm run housekeep -w @todo/web`, the scheduled job beside `todo-api housekeep`: erases the sessions
 * and the verification tokens (mailed links) that have expired, which Better Auth deletes only when
 * someone presents one again, and the security events older than their retention. Bounded batches, each its own statement, skip rows a request holds, so
 * a run never stalls sign-ins; two runs at once, or one run twice, do no harm. Needs DATABASE_URL only.
 */
import pg from "pg";

import { ERASE_EXPIRED_SECURITY_EVENTS, SECURITY_EVENT_RETENTION_DAYS } from "../lib/security-activity";

// Rows one statement deletes at most: a few milliseconds of work each.
const BATCH_SIZE = 1000;

/** One batch of a purge: the rows it erased. */
type Batch = (pool: pg.Pool) => Promise<number>;

function expired(table: string): Batch {
  const statement =
    `DELETE FROM ${table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${table} ` +
    `WHERE "expiresAt" < now() LIMIT $1 FOR UPDATE SKIP LOCKED))`;
  return async (pool) => (await pool.query(statement, [BATCH_SIZE])).rowCount ?? 0;
}

// The runtime role may not delete security events (they are append-only): the migration's function
// erases those past retention, as the tables' owner.
const expiredSecurityEvents: Batch = async (pool) =>
  (
    await pool.query<{ erased: number }>(`SELECT ${ERASE_EXPIRED_SECURITY_EVENTS}($1) AS erased`, [
      BATCH_SIZE,
    ])
  ).rows[0].erased;

const PURGES = [
  { what: "expired sessions", batch: expired(`"session"`) },
  { what: "expired verification tokens", batch: expired(`"verification"`) },
  { what: `security events older than ${SECURITY_EVENT_RETENTION_DAYS} days`, batch: expiredSecurityEvents },
];

async function purge(pool: pg.Pool, batch: Batch): Promise<{ rows: number; batches: number }> {
  let rows = 0;
  for (let batches = 1; ; batches += 1) {
    const erased = await batch(pool);
    rows += erased;
    if (erased < BATCH_SIZE) return { rows, batches };
  }
}

async function main() {
  const connectionString = process.env.DATABASE_URL?.trim();
  if (!connectionString) throw new Error("DATABASE_URL is not set: it names the web app's database");
  const pool = new pg.Pool({ connectionString, max: 1 });
  try {
    for (const { what, batch } of PURGES) {
      const started = performance.now();
      const { rows, batches } = await purge(pool, batch);
      const took = `${Math.round(performance.now() - started)} ms, ${batches} batches`;
      console.log(`todo-web: erased ${rows} ${what} (${took})`);
    }
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(`todo-web: housekeeping failed: ${(error as Error).message}`);
  process.exit(1);
});
