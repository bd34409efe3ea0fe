import { readFileSync } from "node:fs";

import { expect, test } from "./fixtures";
import { authCallFrom, newCredentials } from "./support/accounts";
import { freePort, webEnvironment } from "./support/run";

/**
 * A load balancer that rewrites sources (a cluster ingress behind one with `externalTrafficPolicy:
 * Cluster`) leaves only proxies in the chain, and every client then shares one sign-in limit. The web
 * server cannot find the client then, but it says so: here every loopback address is a trusted proxy,
 * as the whole path would be.
 */
test("sign-ins through trusted proxies only are reported in the log, once in a while", async ({
  servers,
  run,
}) => {
  const origin = `http://127.0.0.1:${await freePort()}`;
  const web = await servers.web({
    ...webEnvironment({ origin, apiUrl: run.apiUrl, jwtSecret: run.jwtSecret, issuer: run.webUrl }),
    TRUSTED_PROXIES: "127.0.0.0/8",
  });
  const stranger = newCredentials("behind-proxies");
  const warnings = () =>
    readFileSync(web.log, "utf8")
      .split("\n")
      .filter((line) => line.includes("came through trusted proxies only"));

  expect((await fetch(`${origin}/api/health`)).status).toBe(200);
  expect(warnings(), "a probe from a proxy's range is no sign-in").toHaveLength(0);
  for (const from of ["127.0.0.2", "127.0.0.3"])
    expect((await authCallFrom(from, origin, "/sign-in/email", stranger)).status).toBe(401);
  await expect.poll(() => warnings().length).toBe(1);
  expect(JSON.parse(warnings()[0]!)).toMatchObject({ level: "WARN" });
});
