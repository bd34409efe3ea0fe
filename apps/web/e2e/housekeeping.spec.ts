import { execFile } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";
import { expect, testOnTodos as test } from "./fixtures";

// The scheduled job of the web app (scripts/housekeep.ts) on the run's database, under the running servers.
test.describe("Housekeeping", () => {
  test("the job erases expired sessions and mailed links and old security events, and the people still signed in stay signed in", async ({
    page,
    todosPage,
    signedInUser,
    openDevice,
    run,
  }) => {
    await openDevice(signedInUser);
    const db = new pg.Client({ connectionString: run.databaseUrl });
    await db.connect();
    try {
      // Of the user's two sessions, the other device's is long expired; and two mailed links, one expired.
      const { rows: sessions } = await db.query<{ id: string }>(
        `SELECT s.id FROM "session" s JOIN "user" u ON u.id = s."userId" WHERE u.email = $1 ORDER BY s."createdAt"`,
        [signedInUser.email],
      );
      expect(sessions).toHaveLength(2);
      const [kept, expired] = sessions.map(({ id }) => id);
      await db.query(`UPDATE "session" SET "expiresAt" = now() - interval '1 minute' WHERE id = $1`, [
        expired,
      ]);
      const { rows: links } = await db.query<{ id: string }>(
        `INSERT INTO "verification" (id, identifier, value, "expiresAt", "createdAt", "updatedAt")
         VALUES (gen_random_uuid()::text, $1, 'x', now() - interval '1 hour', now(), now()),
                (gen_random_uuid()::text, $1, 'y', now() + interval '1 hour', now(), now())
         RETURNING id`,
        [`housekeeping-${signedInUser.email}`],
      );
      // Security events a day either side of their 90 days of retention.
      const { rows: events } = await db.query<{ id: string }>(
        `INSERT INTO security_event (user_id, kind, created_at)
         SELECT id, 'sign_in', now() - interval '91 days' FROM "user" WHERE email = $1
         UNION ALL SELECT id, 'sign_in', now() - interval '89 days' FROM "user" WHERE email = $1
         RETURNING id::text`,
        [signedInUser.email],
      );
      expect(events).toHaveLength(2);

      const { stdout } = await promisify(execFile)("npm", ["run", "--silent", "housekeep"], {
        env: { ...process.env, DATABASE_URL: run.databaseUrl },
      });
      expect(stdout).toMatch(/^todo-web: erased [1-9]\d* expired sessions \(\d+ ms, \d+ batches\)$/m);
      expect(stdout).toMatch(
        /^todo-web: erased [1-9]\d* expired verification tokens \(\d+ ms, \d+ batches\)$/m,
      );
      expect(stdout).toMatch(
        /^todo-web: erased [1-9]\d* security events older than 90 days \(\d+ ms, \d+ batches\)$/m,
      );
      const { rows: eventsLeft } = await db.query<{ id: string }>(
        "SELECT id::text FROM security_event WHERE id = ANY($1::bigint[])",
        [events.map(({ id }) => id)],
      );
      expect(eventsLeft).toEqual([events[1]]);

      const left = await db.query<{ id: string }>(
        `SELECT id FROM "session" WHERE id = ANY($1) UNION ALL SELECT id FROM "verification" WHERE id = ANY($2)`,
        [sessions.map(({ id }) => id), links.map(({ id }) => id)],
      );
      expect(left.rows.map(({ id }) => id).sort()).toEqual([kept, links[1]!.id].sort());
    } finally {
      await db.end();
    }
    await page.reload();
    await todosPage.expectLoaded();
  });
});
