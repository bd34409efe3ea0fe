import { randomBytes } from "node:crypto";
import net from "node:net";
import path from "node:path";

export const WEB_DIR = path.resolve(import.meta.dirname, "../..");
export const REPO_ROOT = path.resolve(WEB_DIR, "../..");
/** Where the shared servers of the run write their output (besides the runner's console). */
export const SERVER_LOG_DIR = path.join(WEB_DIR, "e2e-logs");
/** The uv that `make` installed (it may be `python3 -m uv`), as the start of a command line. */
export const UV = process.env.UV_COMMAND || "uv";

/** The servers every spec shares: the webServer entries of playwright.config.ts. */
export interface Run {
  apiUrl: string;
  webUrl: string;
  /** The metrics listener of the web server at `webUrl`. */
  webMetricsUrl: string;
  /** A second web server on the same database and API, with Better Auth's rate limits on. */
  rateLimitedWebUrl: string;
  /** The API's BACKEND_JWT_SECRET, the web servers' FRONTEND_JWT_SECRET. */
  jwtSecret: string;
}

/**
 * Chooses the run's ports and secret once, in the test runner, and keeps them in its environment:
 * playwright.config.ts is evaluated again in every worker, and the workers inherit that environment.
 */
export async function runSettings(): Promise<Run> {
  if (!process.env.E2E_RUN) {
    const [api, web, webMetrics, rateLimitedWeb] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    const run: Run = {
      apiUrl: `http://127.0.0.1:${api}`,
      webUrl: `http://127.0.0.1:${web}`,
      webMetricsUrl: `http://127.0.0.1:${webMetrics}`,
      rateLimitedWebUrl: `http://127.0.0.1:${rateLimitedWeb}`,
      jwtSecret: randomSecret(),
    };
    process.env.E2E_RUN = JSON.stringify(run);
  }
  return JSON.parse(process.env.E2E_RUN!) as Run;
}

export function randomSecret(): string {
  return randomBytes(48).toString("base64url");
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const TOKENS = { AUTH_JWT_ALG: "HS256", JWT_AUDIENCE: "todo-api" };

/** An API that accepts HS256 tokens signed with `jwtSecret` by the web server at `issuer`. */
export function apiEnvironment(jwtSecret: string, issuer: string): Record<string, string> {
  return {
    ...TOKENS,
    BACKEND_JWT_SECRET: jwtSecret,
    JWT_ISSUER: issuer,
    // High enough that no test meets the API's per-user limit by accident.
    API_RATE_LIMIT: "10000/minute",
    API_INVITATION_RATE_LIMIT: "10000/hour",
  };
}

/**
 * A production web server (`server.mjs`) at `origin` with a Better Auth secret of its own, signing
 * HS256 tokens for the API at `apiUrl` in the name of `issuer` (the origin the API expects). It
 * listens on `listenOn`, which is its origin unless a proxy stands in front, and serves its metrics on
 * `metricsPort`: by default a free port of the system's choosing, so that servers never clash on it.
 */
export function webEnvironment(settings: {
  origin: string;
  apiUrl: string;
  jwtSecret: string;
  issuer?: string;
  listenOn?: string;
  metricsPort?: string;
}): Record<string, string> {
  const { origin, apiUrl, jwtSecret, issuer = origin, listenOn = origin, metricsPort = "0" } = settings;
  const { hostname, port } = new URL(listenOn);
  return {
    ...TOKENS,
    NODE_ENV: "production",
    WEB_HOST: hostname,
    PORT: port,
    WEB_METRICS_PORT: metricsPort,
    BETTER_AUTH_SECRET: randomSecret(),
    BETTER_AUTH_URL: origin,
    API_URL: apiUrl,
    FRONTEND_JWT_SECRET: jwtSecret,
    JWT_ISSUER: issuer,
    AUTH_RATE_LIMIT: "off",
  };
}
