/**
 * The security events of an account (lib/server/security-activity.ts records them): their kinds and
 * sign-in methods in the words the Account page shows, and the pure rules both sides share.
 */

/** How long the events are kept, and so how far back the Account page can show. */
export const SECURITY_EVENT_RETENTION_DAYS = 90;

/**
 * The database function that erases events past retention, one batch a call (its count as result):
 * created by the migration, called by the housekeeping job.
 */
export const ERASE_EXPIRED_SECURITY_EVENTS = "erase_expired_security_events";

/** What happened, in the words of the Account page's activity list. */
export const SECURITY_EVENT_KINDS = {
  account_created: "Account created",
  sign_in: "Signed in",
  sign_in_failed: "Failed sign-in",
  password_changed: "Password changed",
  password_reset: "Password reset with a mailed link",
  email_changed: "Email changed",
  two_factor_on: "Two-factor sign-in turned on",
  two_factor_off: "Two-factor sign-in turned off",
  backup_code_used: "Backup code used",
  backup_codes_renewed: "New backup codes made",
  passkey_added: "Passkey added",
  passkey_removed: "Passkey removed",
  sessions_revoked: "Signed out on other devices",
  trusted_device_revoked: "A trusted device was forgotten",
} as const;

export type SecurityEventKind = keyof typeof SECURITY_EVENT_KINDS;

/** How a person signed in, or tried to. */
export const SIGN_IN_METHODS = {
  password: "password",
  passkey: "passkey",
  authenticator_code: "password and authenticator code",
  backup_code: "password and backup code",
} as const;

export type SignInMethod = keyof typeof SIGN_IN_METHODS;

/** How many backup codes each set has. */
export const BACKUP_CODES_PER_SET = 10;

/** At or below this many unused backup codes, the owner is told to make new ones. */
export const BACKUP_CODES_LOW = 3;

/**
 * The network an address belongs to, as far as can be told offline: its IPv4 /24 or IPv6 /48 (a
 * site), never the whole address. No maintained offline geolocation database small enough to ship is
 * on npm, so the Account page shows the network, which a person can still tell apart from their own.
 */
export function networkOf(address: string | null | undefined): string | null {
  if (!address) return null;
  const ipv4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/i.exec(address);
  if (ipv4) {
    const octets = ipv4.slice(1).map(Number);
    return octets.every((octet) => octet <= 255) ? `${octets.slice(0, 3).join(".")}.0/24` : null;
  }
  const groups = expandIpv6(address);
  return groups ? `${groups.slice(0, 3).join(":")}::/48` : null;
}

/** The eight groups of an IPv6 address, without leading zeros; null when it is not one. */
function expandIpv6(address: string): string[] | null {
  if (!/^[0-9a-f:]+$/i.test(address) || address.split("::").length > 2) return null;
  const [head, tail] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail === undefined ? [] : tail ? tail.split(":") : [];
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return null;
  const groups = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...right];
  if (groups.some((group) => !/^[0-9a-f]{1,4}$/i.test(group))) return null;
  return groups.map((group) => Number.parseInt(group, 16).toString(16));
}
