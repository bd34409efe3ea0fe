import { createServer, request as httpRequest, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { clientAddressResolver, parseTrustedProxies } from "../../runtime/client-address.mjs";

function fromPeer(peer: string, forwardedFor?: string): IncomingMessage {
  const headers = forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor };
  return { socket: { remoteAddress: peer }, headers } as unknown as IncomingMessage;
}

describe("without TRUSTED_PROXIES", () => {
  it.each([undefined, "", "  ,  "])(
    "the client is the TCP peer, whatever X-Forwarded-For says (%j)",
    (setting) => {
      const resolve = clientAddressResolver(setting);
      expect(resolve(fromPeer("203.0.113.7"))).toBe("203.0.113.7");
      expect(resolve(fromPeer("127.0.0.1", "198.51.100.1"))).toBe("127.0.0.1");
    },
  );
});

describe("with TRUSTED_PROXIES", () => {
  const resolve = clientAddressResolver("127.0.0.1, 10.0.0.0/8 fd00::/8");

  it("takes the address the trusted proxy appended", () => {
    expect(resolve(fromPeer("127.0.0.1", "203.0.113.7"))).toBe("203.0.113.7");
  });

  it("takes the right-most untrusted address: what a client wrote further left cannot change it", () => {
    expect(resolve(fromPeer("127.0.0.1", "198.51.100.1, 203.0.113.7"))).toBe("203.0.113.7");
    expect(resolve(fromPeer("127.0.0.1", "198.51.100.1, 203.0.113.7, 10.1.2.3"))).toBe("203.0.113.7");
    expect(resolve(fromPeer("10.9.9.9", "2001:db8::5, fd12::1"))).toBe("2001:db8::5");
  });

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", () => {
    expect(resolve(fromPeer("203.0.113.7", "198.51.100.1"))).toBe("203.0.113.7");
    expect(resolve(fromPeer("127.0.0.2", "198.51.100.1"))).toBe("127.0.0.2");
  });

  it("matches IPv4 proxies that reach a dual-stack socket as IPv4-mapped addresses", () => {
    expect(resolve(fromPeer("::ffff:127.0.0.1", "203.0.113.7"))).toBe("203.0.113.7");
  });

  it("falls back to the nearest trusted hop when the chain holds no client", () => {
    expect(resolve(fromPeer("127.0.0.1"))).toBe("127.0.0.1");
    expect(resolve(fromPeer("127.0.0.1", "10.0.0.4, 10.0.0.5"))).toBe("10.0.0.4");
    expect(resolve(fromPeer("127.0.0.1", "10.0.0.4, not-an-address"))).toBe("127.0.0.1");
    expect(resolve(fromPeer("127.0.0.1", "not-an-address, 10.0.0.4"))).toBe("10.0.0.4");
  });

  it("says when the chain holds no client (the proxies in front lost its address), and only then", () => {
    const seen: string[] = [];
    const watched = clientAddressResolver("127.0.0.1, 10.0.0.0/8", (address) => seen.push(address));
    watched(fromPeer("127.0.0.1"));
    watched(fromPeer("127.0.0.1", "10.0.0.4, 10.0.0.5"));
    expect(seen).toEqual(["127.0.0.1", "10.0.0.4"]);
    watched(fromPeer("127.0.0.1", "203.0.113.7"));
    watched(fromPeer("127.0.0.1", "203.0.113.7, 10.0.0.5"));
    watched(fromPeer("203.0.113.9", "10.0.0.4"));
    expect(seen).toHaveLength(2);
  });
});

describe("parseTrustedProxies", () => {
  it.each(["10.0.0.0/8", "127.0.0.1", "::1", "fd00::/8", "0.0.0.0/0"])("accepts %s", (entry) => {
    expect(parseTrustedProxies(entry)).not.toBeNull();
  });

  it.each([
    "proxy.internal",
    "10.0.0.0/",
    "10.0.0.0/33",
    "fd00::/129",
    "10.0.0.0/8/8",
    "10.0.0.0/x",
    "300.1.1.1",
  ])("refuses %s, naming the variable and the entry's position without echoing it", (entry) => {
    // The whole message, so that nothing of the entry is in it.
    expect(() => parseTrustedProxies(`127.0.0.1, ${entry}`)).toThrow(
      new Error(
        "TRUSTED_PROXIES entry 2 is not an IP address or a CIDR range such as 10.0.0.0/8 or fd00::/8",
      ),
    );
  });
});

describe("over a real socket", () => {
  const server = createServer((request, response) => {
    response.end(clientAddressResolver("127.0.0.1")(request));
  });
  let port = 0;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function askFrom(localAddress: string, headers: Record<string, string | string[]>): Promise<string> {
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest({ host: "127.0.0.1", port, localAddress, headers }, (response) => {
        let body = "";
        response.on("data", (chunk) => {
          body += chunk;
        });
        response.on("end", () => resolve(body));
      });
      outgoing.on("error", reject);
      outgoing.end();
    });
  }

  it("honours X-Forwarded-For, repeated headers included, only from the trusted peer", async () => {
    expect(await askFrom("127.0.0.1", { "x-forwarded-for": ["198.51.100.1", "203.0.113.7"] })).toBe(
      "203.0.113.7",
    );
    expect(await askFrom("127.0.0.2", { "x-forwarded-for": "198.51.100.1" })).toBe("127.0.0.2");
  });
});
