/**
 * Better Auth's migrations, run with the app's own Better Auth version (its CLI needs Node 22), the
 * per-account limits' table, the passkeys' unique credential ids, the append-only security events, and in EdDSA mode the signing key
 * pair, created once here rather than by concurrent first requests.
 */
// First: the secrets given as files become settings before any module reads one.
import "../runtime/secret-files.mjs";
import { getMigrations } from "better-auth/db/migration";

import { getAuth, getDatabasePool } from "@/lib/server/auth";
import { ConfigurationError, config } from "@/lib/server/env";
import { UNIQUE_CREDENTIAL_ID_INDEX } from "@/lib/server/passkeys";
import { createPerAccountLimitsTable } from "@/lib/server/per-account-limits";
import { createSecurityEventsTable } from "@/lib/server/security-activity";

async function main() {
  const auth = getAuth();
  const { toBeCreated, toBeAdded, runMigrations } = await getMigrations(auth.options);
  await runMigrations();
  await createPerAccountLimitsTable(getDatabasePool());
  await getDatabasePool().query(UNIQUE_CREDENTIAL_ID_INDEX);
  await createSecurityEventsTable(getDatabasePool());
  const created = toBeCreated.map(({ table }) => table);
  const extended = toBeAdded.map(({ table }) => table);
  console.log(
    created.length + extended.length === 0
      ? "todo-web: the sign-in tables were already up to date"
      : [
          created.length ? `created the sign-in tables ${created.join(", ")}` : null,
          extended.length ? `added columns to ${extended.join(", ")}` : null,
        ]
          .filter(Boolean)
          .join("; ")
          .replace(/^/, "todo-web: "),
  );
  if (config().jwtAlgorithm === "EdDSA") {
    const { keys } = await auth.api.getJwks();
    console.log(`todo-web: EdDSA signing keys ready (${keys.length})`);
  }
  await getDatabasePool().end();
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigurationError ? error.message : (error as Error).message;
  console.error(`todo-web: migration failed: ${message}`);
  process.exit(1);
});
