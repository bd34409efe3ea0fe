import type { IncomingMessage } from "node:http";
import type { BlockList } from "node:net";

export const CLIENT_IP_HEADER: "x-todo-client-ip";
export const TRUSTED_PROXIES: "TRUSTED_PROXIES";
export function parseTrustedProxies(setting: string | undefined): BlockList | null;
export function clientAddressResolver(
  setting: string | undefined,
  onlyProxiesSeen?: (address: string, request: IncomingMessage) => void,
): (request: IncomingMessage) => string;
