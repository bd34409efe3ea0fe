/**
 * Serves the Next.js app (`node server.mjs` for production, `node server.mjs --dev` for development)
 * behind one addition: the header `x-todo-client-ip` carries the client's address (client-address.mjs:
 * the TCP peer, or behind the proxies of TRUSTED_PROXIES the address they saw), replacing any value a
 * client sent. Better Auth's rate limits key on it (lib/server/auth.ts), so a client cannot dodge them
 * by forging X-Forwarded-For, which Next.js passes through as sent.
 */
import { createServer } from "node:http";
import next from "next";
import { adoptBuildConfig } from "./build-config.mjs";
import { clientAddressResolver } from "./client-address.mjs";

export const CLIENT_IP_HEADER = "x-todo-client-ip";

const dev = process.argv.includes("--dev");
const hostname = process.env.WEB_HOST || "127.0.0.1";
const port = Number(process.env.PORT || 3000);
const clientAddress = clientAddressResolver(process.env.TRUSTED_PROXIES);

if (!dev) adoptBuildConfig(import.meta.dirname);

const app = next({ dev, hostname, port, dir: import.meta.dirname });
const handle = app.getRequestHandler();
await app.prepare();

createServer((request, response) => {
  request.headers[CLIENT_IP_HEADER] = clientAddress(request);
  handle(request, response);
}).listen(port, hostname, () => {
  console.log(`todo-web ${dev ? "(development) " : ""}listening on http://${hostname}:${port}`);
});
