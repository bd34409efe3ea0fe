import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test } from "./fixtures";
import { newCredentials, SESSION_COOKIE } from "./support/accounts";
import { apiEnvironment, freePort, WEB_DIR, webEnvironment } from "./support/run";

/**
 * The two settings the shared servers of the run do not use, each on servers of its own (same
 * database): EdDSA tokens checked by an API that reads the web app's JWKS, and an https origin
 * (the TLS-terminating proxy that https needs is left out: the server speaks http behind it).
 * Plain HTTP calls, as the browser's fetch would make them; no cookie jar, so every header is seen.
 */

function sessionCookieOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0]!)
    .join("; ");
}

async function signUp(listenOn: string, origin: string): Promise<Response> {
  const { name, email, password } = newCredentials("mode");
  const response = await fetch(`${listenOn}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify({ name, email, password }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return response;
}

/** A BFF call as the app's own client makes it. */
function bff(
  listenOn: string,
  origin: string,
  cookie: string,
  path: string,
  body?: object,
): Promise<Response> {
  return fetch(`${listenOn}${path}`, {
    method: body ? "POST" : "GET",
    headers: { cookie, origin, "x-csrf": "1", ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
}

test.describe("Deployment modes", () => {
  test("EdDSA: the API checks the web app's tokens against its JWKS, and the private key stays private", async ({
    run,
    servers,
  }) => {
    test.setTimeout(120_000);
    const [apiPort, webPort] = await Promise.all([freePort(), freePort()]);
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const origin = `http://127.0.0.1:${webPort}`;
    const webEnv = { ...webEnvironment({ origin, apiUrl, jwtSecret: run.jwtSecret }), AUTH_JWT_ALG: "EdDSA" };

    // The key pair is made at migration time, encrypted with this server's BETTER_AUTH_SECRET.
    await promisify(execFile)("npm", ["run", "--silent", "migrate"], {
      cwd: WEB_DIR,
      env: { ...process.env, ...webEnv },
    });
    const apiEnv = {
      ...apiEnvironment("", origin),
      AUTH_JWT_ALG: "EdDSA",
      JWT_JWKS_URL: `${origin}/api/auth/jwks`,
    };
    await Promise.all([
      servers.api(apiPort, apiEnv),
      servers.web(webEnv), // ready only once the API, reading the JWKS, accepts a token minted here
    ]);

    const jwks = (await (await fetch(`${origin}/api/auth/jwks`)).json()) as {
      keys: Record<string, unknown>[];
    };
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: "OKP", crv: "Ed25519" });
      expect(key).not.toHaveProperty("d");
    }
    expect((await fetch(`${origin}/api/auth/token`)).status).toBe(404);

    const cookie = sessionCookieOf(await signUp(origin, origin));
    const created = await bff(origin, origin, cookie, "/api/todos", { title: "Signed with Ed25519" });
    expect(created.status, await created.clone().text()).toBe(201);
    const listed = await bff(origin, origin, cookie, "/api/todos");
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { items: { title: string }[] }).items.map((todo) => todo.title)).toEqual(
      ["Signed with Ed25519"],
    );
  });

  test("https origin: session cookies are Secure, HttpOnly, SameSite=Lax, host-only and __Host- prefixed; pages have HSTS and report-to", async ({
    run,
    servers,
  }) => {
    const port = await freePort();
    const origin = `https://127.0.0.1:${port}`; // as the browser sees it, through the proxy
    const listenOn = `http://127.0.0.1:${port}`;
    // HS256 with the run's API
    await servers.web(
      webEnvironment({ origin, listenOn, apiUrl: run.apiUrl, jwtSecret: run.jwtSecret, issuer: run.webUrl }),
    );

    const signedUp = await signUp(listenOn, origin);
    const cookies = signedUp.headers.getSetCookie();
    const sessionCookie = cookies.find((cookie) => cookie.startsWith(`__Host-${SESSION_COOKIE}=`));
    expect(sessionCookie, cookies.join("\n")).toBeDefined();
    const attributes = sessionCookie!.split(";").map((part) => part.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(["secure", "httponly", "samesite=lax", "path=/"]));
    // What a browser requires of `__Host-` (else it drops the cookie), on every cookie set.
    expect(cookies.filter((cookie) => !cookie.startsWith("__Host-"))).toEqual([]);
    expect(cookies.filter((cookie) => !/;\s*secure/i.test(cookie) || /;\s*domain=/i.test(cookie))).toEqual(
      [],
    );

    // The BFF finds the session under its prefixed name, on the first call and on a cached token's.
    const cookie = sessionCookieOf(signedUp);
    for (let call = 0; call < 2; call += 1) {
      const listed = await bff(listenOn, origin, cookie, "/api/todos");
      expect(listed.status, await listed.clone().text()).toBe(200);
    }

    // Only an https origin gets HSTS and the Reporting API endpoint (docs/architecture.md, "Browser defence").
    const page = await fetch(`${listenOn}/sign-in`);
    expect(page.status).toBe(200);
    expect(page.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    expect(page.headers.get("reporting-endpoints")).toBe('csp="/api/csp-reports"');
    expect(page.headers.get("content-security-policy")?.split("; ")).toEqual(
      expect.arrayContaining(["upgrade-insecure-requests", "report-uri /api/csp-reports", "report-to csp"]),
    );
  });
});
