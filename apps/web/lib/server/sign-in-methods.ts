/**
 * How a session was started, as RFC 8176 authentication method references (the API token's `amr`
 * claim): `pwd` a password, `otp` a one-time code (an authenticator app's, or a backup code), `hwk` a
 * key held in hardware (a passkey).
 */
export type AuthenticationMethod = "pwd" | "otp" | "hwk";

/**
 * The Better Auth endpoints that start a session, and what the person proved there. A password sign-in
 * of an account with two-factor is finished by a verify endpoint; one on a trusted device ends at
 * `/sign-in/email` with the password alone, and says so.
 */
const METHODS_BY_PATH: Readonly<Record<string, readonly AuthenticationMethod[]>> = {
  "/sign-in/email": ["pwd"],
  // Sign-up signs in with the password just chosen.
  "/sign-up/email": ["pwd"],
  "/two-factor/verify-totp": ["pwd", "otp"],
  "/two-factor/verify-backup-code": ["pwd", "otp"],
  "/passkey/verify-authentication": ["hwk"],
};

/**
 * The methods of a session created by the endpoint at `path`; null where nothing was proved at that
 * moment (following an emailed link signs in with no password), so the claim is left out.
 */
export function methodsOfSignIn(path: string | undefined): AuthenticationMethod[] | null {
  const methods = path === undefined ? undefined : METHODS_BY_PATH[path];
  return methods ? [...methods] : null;
}
