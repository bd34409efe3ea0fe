import type { AuthFailure } from "@/lib/auth-client";

/**
 * The passkey plugin's failures in words a person can act on. Its client reports what went wrong in
 * the browser with SimpleWebAuthn's codes (`ERROR_…`) or its own catch-all, and the server's refusals
 * with the plugin's codes; anything else (a 429, no answer) keeps the words `runAuthCall` chose.
 */

/** The browser reports neither "cancelled" nor "no passkey here" apart, so that sites cannot probe. */
export const PASSKEY_SIGN_IN_CANCELLED =
  "No passkey was used: the request was cancelled or timed out, or this device has no passkey for this site. Try again, or sign in with your email and password.";
export const PASSKEY_REMOVED =
  "This passkey is no longer linked to an account here: it was removed. Sign in with your email and password, then add a new passkey from your account page.";
export const PASSKEY_REQUEST_EXPIRED = "The passkey request expired before it was answered. Try again.";
export const PASSKEY_NOT_VERIFIED =
  "Your device did not confirm it was you (PIN, fingerprint or face). Try again and unlock it when asked.";
export const PASSKEY_ADD_CANCELLED = "No passkey was added: the request was cancelled or timed out.";
export const PASSKEY_ALREADY_ADDED = "This device already holds a passkey for your account.";

/** What failed in the browser, before any answer from the server. */
export function failedInBrowser(code: string | null): boolean {
  return code === "AUTH_CANCELLED" || code === "REGISTRATION_CANCELLED" || !!code?.startsWith("ERROR_");
}

const COMMON: Record<string, string> = {
  CHALLENGE_NOT_FOUND: PASSKEY_REQUEST_EXPIRED,
  PASSKEY_USER_NOT_VERIFIED: PASSKEY_NOT_VERIFIED,
};

export function describePasskeySignInFailure({ code, message }: AuthFailure): string {
  if (failedInBrowser(code)) return PASSKEY_SIGN_IN_CANCELLED;
  if (code === "PASSKEY_NOT_FOUND") return PASSKEY_REMOVED;
  if (code === "AUTHENTICATION_FAILED")
    return "This passkey could not be verified. Try again, or sign in with your email and password.";
  return (code && COMMON[code]) ?? message;
}

export function describePasskeyRegistrationFailure({ code, message }: AuthFailure): string {
  if (code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED") return PASSKEY_ALREADY_ADDED;
  if (code === "ERROR_AUTHENTICATOR_MISSING_DISCOVERABLE_CREDENTIAL_SUPPORT")
    return "This security key cannot store a passkey. Use your device's own passkeys or a password manager.";
  if (code === "ERROR_AUTHENTICATOR_MISSING_USER_VERIFICATION_SUPPORT")
    return "This security key cannot check a PIN, fingerprint or face. Use another device or password manager.";
  if (failedInBrowser(code)) return PASSKEY_ADD_CANCELLED;
  if (code === "FAILED_TO_VERIFY_REGISTRATION") return "The new passkey could not be verified. Try again.";
  return (code && COMMON[code]) ?? message;
}
