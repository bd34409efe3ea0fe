/**
 * Lays out the web app's runtime in a directory, as docker/web.Dockerfile ships it and the scale-out
 * test runs it: Next's standalone output (its own server and only the node_modules it traced), the
 * static assets that output leaves out, and server.mjs with the modules beside it (and the route
 * table they read), which keep the client-address rule. Run after `npm run build -w @todo/web`:
 *
 *     node docker/assemble-web-runtime.mjs DEST    # then: cd DEST/apps/web && node server.mjs
 */
import { cpSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";

const WEB = path.resolve(import.meta.dirname, "..", "apps", "web");
const STANDALONE = path.join(WEB, ".next", "standalone");

const destination = process.argv[2];
if (!destination) {
  console.error("usage: node docker/assemble-web-runtime.mjs DESTINATION");
  process.exit(2);
}
if (!existsSync(path.join(STANDALONE, "apps", "web", ".next", "BUILD_ID"))) {
  console.error(`no standalone build in ${STANDALONE}: run \`npm run build -w @todo/web\` first`);
  process.exit(1);
}

const webOut = path.join(destination, "apps", "web");
// Symlinks as they are: the build links serverExternalPackages (pg) into the traced node_modules.
cpSync(STANDALONE, destination, { recursive: true, verbatimSymlinks: true });
cpSync(path.join(WEB, ".next", "static"), path.join(webOut, ".next", "static"), { recursive: true });
if (existsSync(path.join(WEB, "public"))) cpSync(path.join(WEB, "public"), path.join(webOut, "public"), { recursive: true });
// server.mjs and the modules and route table it imports; the *.config.mjs files are build tools' settings.
for (const file of readdirSync(WEB)) {
  const runtime = (file.endsWith(".mjs") && !file.endsWith(".config.mjs")) || file === "routes.json";
  if (runtime) cpSync(path.join(WEB, file), path.join(webOut, file));
}
mkdirSync(path.join(webOut, ".next", "cache"), { recursive: true });
console.log(`web runtime laid out in ${destination} (start: cd ${webOut} && node server.mjs)`);
