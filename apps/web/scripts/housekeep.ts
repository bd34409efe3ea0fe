/**
 * `npm run housekeep -w @todo/web`, the scheduled job beside `todo-api housekeep`: erases the sessions
 * and the verification tokens (mailed links) that have expired, which Better Auth deletes only when
 * someone presents one again. Bounded batches, each its own statement, skip rows a request holds, so
 * a run never stalls sign-ins; two runs at once, or one run twice, do no harm. Needs DATABASE_URL only.
 */
import pg from "pg";

// Rows one statement deletes at most: a few milliseconds of work each.
const BATCH_SIZE = 1000;
const PURGES = [
  { what: "expired sessions", table: `"session"` },
  { what: "expired verification tokens", table: `"verification"` },
];

async function purge(pool: pg.Pool, table: string): Promise<{ rows: number; batches: number }> {
  const statement =
    `DELETE FROM ${table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${table} ` +
    `WHERE "expiresAt" < now() LIMIT $1 FOR UPDATE SKIP LOCKED))`;
  let rows = 0;
  for (let batches = 1; ; batches += 1) {
    const { rowCount } = await pool.query(statement, [BATCH_SIZE]);
    rows += rowCount ?? 0;
    if ((rowCount ?? 0) < BATCH_SIZE) return { rows, batches };
  }
}

async function main() {
  const connectionString = process.env.DATABASE_URL?.trim();
  if (!connectionString) throw new Error("DATABASE_URL is not set: it names the web app's database");
  const pool = new pg.Pool({ connectionString, max: 1 });
  try {
    for (const { what, table } of PURGES) {
      const started = performance.now();
      const { rows, batches } = await purge(pool, table);
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
