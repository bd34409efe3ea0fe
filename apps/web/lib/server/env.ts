import "server-only";

/**
 * The web app's configuration, read once from the environment. A missing or weak secret stops the
 * server with a message that names the variable and never shows its value.
 */

const MIN_SECRET_BYTES = 32;

export class ConfigurationError extends Error {}

function required(name: string): string {
  const value = process.env[name]?.trim();
  if (!value) throw new ConfigurationError(`${name} is not set (see README: make dev writes it to .env)`);
  return value;
}

function secret(name: string): string {
  const value = required(name);
  const bytes = Buffer.byteLength(value, "utf8");
  if (bytes < MIN_SECRET_BYTES) {
    throw new ConfigurationError(
      `${name} is ${bytes} bytes; it needs at least ${MIN_SECRET_BYTES} bytes of random data`,
    );
  }
  return value;
}

function origin(name: string, fallback: string): string {
  const value = process.env[name]?.trim() || fallback;
  try {
    return new URL(value).origin;
  } catch {
    throw new ConfigurationError(`${name} must be an absolute URL such as http://localhost:3000`);
  }
}

export type JwtAlgorithm = "HS256" | "EdDSA";

export interface WebConfig {
  databaseUrl: string;
  betterAuthSecret: string;
  /** The app's public origin: Better Auth's base URL, the token issuer, the CSRF reference. */
  appOrigin: string;
  apiUrl: string;
  jwtAlgorithm: JwtAlgorithm;
  /** HS256 only: the secret shared with the API (BACKEND_JWT_SECRET there). */
  sharedJwtSecret: string | null;
  jwtIssuer: string;
  jwtAudience: string;
  authRateLimit: boolean;
  /** Where mail goes out (smtp:// or smtps://); null: none is sent (`make dev` sets it to a server that prints each mail). */
  smtpUrl: string | null;
  /** The sender of the app's mail. */
  mailFrom: string;
  /** A new account signs in only after following the link mailed to its address. */
  requireEmailVerification: boolean;
}

function smtpUrl(name: string): string | null {
  const value = process.env[name]?.trim();
  if (!value) return null;
  if (!/^smtps?:\/\/[^/]/.test(value)) {
    throw new ConfigurationError(
      `${name} must be an smtp:// or smtps:// URL such as smtp://user:password@mail.example:587`,
    );
  }
  return value;
}

function onOrOff(name: string): boolean {
  const value = process.env[name]?.trim() || "off";
  if (value !== "on" && value !== "off") throw new ConfigurationError(`${name} must be on or off`);
  return value === "on";
}

function loadConfig(): WebConfig {
  const algorithm = process.env.AUTH_JWT_ALG?.trim() || "HS256";
  if (algorithm !== "HS256" && algorithm !== "EdDSA") {
    throw new ConfigurationError("AUTH_JWT_ALG must be HS256 or EdDSA");
  }
  const appOrigin = origin("BETTER_AUTH_URL", "http://localhost:3000");
  const requireEmailVerification = onOrOff("REQUIRE_EMAIL_VERIFICATION");
  // Production sends no mail without SMTP_URL, so no new account could ever sign in.
  if (requireEmailVerification && !process.env.SMTP_URL?.trim() && process.env.NODE_ENV === "production")
    throw new ConfigurationError("REQUIRE_EMAIL_VERIFICATION=on needs SMTP_URL to send the links");
  return {
    databaseUrl: required("DATABASE_URL"),
    betterAuthSecret: secret("BETTER_AUTH_SECRET"),
    appOrigin,
    apiUrl: origin("API_URL", "http://127.0.0.1:8000"),
    jwtAlgorithm: algorithm,
    sharedJwtSecret: algorithm === "HS256" ? secret("FRONTEND_JWT_SECRET") : null,
    jwtIssuer: process.env.JWT_ISSUER?.trim() || appOrigin,
    jwtAudience: process.env.JWT_AUDIENCE?.trim() || "todo-api",
    // Off only where a test run says so explicitly.
    authRateLimit: process.env.AUTH_RATE_LIMIT !== "off",
    smtpUrl: smtpUrl("SMTP_URL"),
    mailFrom: process.env.MAIL_FROM?.trim() || `Todo <no-reply@${new URL(appOrigin).hostname}>`,
    requireEmailVerification,
  };
}

let loaded: WebConfig | undefined;

/** Read lazily, so that `next build` (which imports server modules) needs no secrets. */
export function config(): WebConfig {
  loaded ??= loadConfig();
  return loaded;
}
