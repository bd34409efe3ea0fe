import { type APIRequestContext, expect } from "@playwright/test";
import { Secret, TOTP, URI } from "otpauth";

import type { Credentials } from "./accounts";

/**
 * The code an authenticator app shows for this base32 key (6 digits, 30 s, SHA-1, as Better Auth), now
 * or `stepsAhead` steps later. A code is accepted once, and the server also takes the next step's, so
 * a test that turned two-factor on with the current code signs in with the next one, without waiting.
 */
export function totpCode(base32Key: string, stepsAhead = 0): string {
  return new TOTP({
    secret: Secret.fromBase32(base32Key),
    digits: 6,
    period: 30,
    algorithm: "SHA1",
  }).generate({ timestamp: Date.now() + stepsAhead * 30_000 });
}

export interface TwoFactorKeys {
  /** The base32 key an authenticator app would store. */
  key: string;
  backupCodes: string[];
}

/**
 * Turns two-factor on for a user signed in through `request` (its cookie jar holds the session), as the
 * account page does: enable with the password, then confirm with a code.
 */
export async function enableTwoFactorThroughApi(
  request: APIRequestContext,
  baseURL: string,
  { password }: Pick<Credentials, "password">,
): Promise<TwoFactorKeys> {
  const headers = { Origin: baseURL };
  const enabled = await request.post(`${baseURL}/api/auth/two-factor/enable`, {
    data: { password },
    headers,
  });
  expect(enabled.status(), await enabled.text()).toBe(200);
  const { totpURI, backupCodes } = (await enabled.json()) as { totpURI: string; backupCodes: string[] };
  const key = (URI.parse(totpURI) as TOTP).secret.base32;
  const confirmed = await request.post(`${baseURL}/api/auth/two-factor/verify-totp`, {
    data: { code: totpCode(key) },
    headers,
  });
  expect(confirmed.status(), await confirmed.text()).toBe(200);
  return { key, backupCodes };
}

/**
 * Confirms the password and then, when given, a code from the app on the session of `request`, as the
 * account page does before a change that needs both (lib/server/password-confirmation.ts).
 */
export async function confirmIdentityThroughApi(
  request: APIRequestContext,
  baseURL: string,
  password: string,
  code?: string,
): Promise<void> {
  const headers = { Origin: baseURL };
  const confirmed = await request.post(`${baseURL}/api/auth/confirm-password`, {
    data: { password },
    headers,
  });
  expect(confirmed.status(), await confirmed.text()).toBe(200);
  if (!code) return;
  const proved = await request.post(`${baseURL}/api/auth/two-factor/verify-totp`, {
    data: { code },
    headers,
  });
  expect(proved.status(), await proved.text()).toBe(200);
}
