// @ts-check
/**
 * The client's address, on which Better Auth's sign-in and sign-up limits key (server.mjs puts it in
 * `x-todo-client-ip`). Without TRUSTED_PROXIES it is the TCP peer, as when the app is reached directly.
 * With it, X-Forwarded-For is read only when the TCP peer is one of those proxies, from the right: each
 * trusted proxy appended the address it saw, so the right-most address that is not a trusted proxy is
 * the client, and whatever a client wrote further left cannot change it.
 */
import { BlockList, isIP } from "node:net";

/** The request header server.mjs puts the client's address in, replacing any value a client sent. */
export const CLIENT_IP_HEADER = "x-todo-client-ip";

export const TRUSTED_PROXIES = "TRUSTED_PROXIES";

/** @type {Record<number, "ipv4" | "ipv6">} */
const FAMILY = { 4: "ipv4", 6: "ipv6" };
/** @type {Record<number, number>} */
const MAX_PREFIX = { 4: 32, 6: 128 };

/**
 * The proxies of TRUSTED_PROXIES (addresses and CIDR ranges, separated by commas or spaces), or null when unset.
 * @param {string | undefined} setting
 * @returns {BlockList | null}
 */
export function parseTrustedProxies(setting) {
  const entries = (setting ?? "").split(/[\s,]+/).filter(Boolean);
  if (entries.length === 0) return null;
  const trusted = new BlockList();
  entries.forEach((entry, index) => {
    const [address, prefix, ...rest] = entry.split("/");
    const family = isIP(address);
    const bits =
      prefix === undefined ? MAX_PREFIX[family] : /^\d{1,3}$/.test(prefix) ? Number(prefix) : Number.NaN;
    if (!family || rest.length > 0 || !(bits <= MAX_PREFIX[family])) {
      // The position, not the value: configuration errors never echo what was set.
      throw new Error(
        `${TRUSTED_PROXIES} entry ${index + 1} is not an IP address or a CIDR range such as 10.0.0.0/8 or fd00::/8`,
      );
    }
    trusted.addSubnet(address, bits, FAMILY[family]);
  });
  return trusted;
}

/**
 * @param {BlockList} trusted
 * @param {string} address
 */
function isTrusted(trusted, address) {
  const family = isIP(address);
  return family !== 0 && trusted.check(address, FAMILY[family]);
}

/**
 * A function from a request to its client's address, under the TRUSTED_PROXIES setting given.
 * `onlyProxiesSeen` is called with the address and request when every hop was a trusted proxy: the proxies in
 * front did not pass the client's address on (a load balancer that rewrites sources, a proxy that does
 * not append to X-Forwarded-For), so every client shares that address and its sign-in limit.
 * @param {string | undefined} setting
 * @param {(address: string, request: import("node:http").IncomingMessage) => void} [onlyProxiesSeen]
 * @returns {(request: import("node:http").IncomingMessage) => string}
 */
export function clientAddressResolver(setting, onlyProxiesSeen = () => {}) {
  const trusted = parseTrustedProxies(setting);
  return (request) => {
    const peer = request.socket.remoteAddress;
    if (!peer) return "unknown";
    if (!trusted || !isTrusted(trusted, peer)) return peer;
    const forwarded = request.headers["x-forwarded-for"];
    // Node joins repeated X-Forwarded-For headers with ", ": one list, oldest hop first.
    const hops = typeof forwarded === "string" ? forwarded.split(",").map((hop) => hop.trim()) : [];
    let client = peer;
    for (const hop of hops.reverse()) {
      // A hop that is not an address ends the chain: the trusted proxy that passed it on is the client.
      if (!isIP(hop)) break;
      client = hop;
      if (!isTrusted(trusted, hop)) return client;
    }
    onlyProxiesSeen(client, request);
    return client;
  };
}
