// @ts-check
/**
 * A production server runs with the configuration its build was made with, read from the build
 * (`.next/required-server-files.json`), as the `server.js` of Next's standalone output does: the
 * container image carries the standalone output, with no next.config.ts and no compiler to load it.
 * `__NEXT_PRIVATE_STANDALONE_CONFIG` is how that generated server.js hands the configuration to Next.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

/** @param {string} appDir */
export function adoptBuildConfig(appDir) {
  const manifestPath = path.join(appDir, ".next", "required-server-files.json");
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== "ENOENT") throw error;
    throw new Error(
      `No production build in ${path.dirname(manifestPath)}: run \`npm run build -w @todo/web\` first`,
    );
  }
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG ??= JSON.stringify(manifest.config);
}
