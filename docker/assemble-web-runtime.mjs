/**
 * Lays out the web app's runtime in a directory, as docker/web.Dockerfile ships it and the scale-out
 * test runs it: Next's standalone output (its own server and only the node_modules it traced), the
 * static assets that output leaves out, and the server of runtime/ (server.mjs and the modules beside
 * it, which keep the client-address rule) with the route table they read. Run after `npm run build -w @todo/web`:
 *
 *     node docker/assemble-web-runtime.mjs DEST    # then: cd DEST/apps/web && node runtime/server.mjs
 */
import { cpSync, existsSync, mkdirSync } from "node:fs";
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
// The server and its modules, and the route table they read.
cpSync(path.join(WEB, "runtime"), path.join(webOut, "runtime"), { recursive: true });
cpSync(path.join(WEB, "routes.json"), path.join(webOut, "routes.json"));
mkdirSync(path.join(webOut, ".next", "cache"), { recursive: true });
console.log(`web runtime laid out in ${destination} (start: cd ${webOut} && node runtime/server.mjs)`);
