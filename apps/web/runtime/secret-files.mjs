// @ts-check
/**
 * Secrets as files (Docker's `secrets:`, mounted under /run/secrets): for each secret setting NAME,
 * `NAME_FILE=<path>` stands for NAME with that file's content (one trailing newline dropped), the
 * convention of the official PostgreSQL and Grafana images. Importing this module adopts them into
 * process.env before anything reads a setting, so the rest of the app (and Better Auth) reads NAME
 * as always. server.mjs and scripts/migrate.ts import it first.
 */
import { readFileSync } from "node:fs";

/** The settings that hold secrets: only these may come from a file. */
export const SECRET_SETTINGS = ["DATABASE_URL", "BETTER_AUTH_SECRET", "FRONTEND_JWT_SECRET", "SMTP_URL"];

/**
 * Sets each secret setting whose `_FILE` variant is set from that file; refuses both at once.
 * @param {Record<string, string | undefined>} env
 */
export function adoptSecretFiles(env) {
  for (const name of SECRET_SETTINGS) {
    const file = env[`${name}_FILE`];
    if (!file) continue;
    if (env[name]) throw new Error(`${name} and ${name}_FILE are both set: set one`);
    env[name] = readFileSync(file, "utf8").replace(/\r?\n$/, "");
  }
}

adoptSecretFiles(process.env);
