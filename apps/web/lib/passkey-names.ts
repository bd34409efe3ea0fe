/** A passkey's name is only a label in the account page's list: short enough to read at a glance. */
export const PASSKEY_NAME_MAX_LENGTH = 64;

export const PASSKEY_NAME_TOO_LONG = `Use at most ${PASSKEY_NAME_MAX_LENGTH} characters for the passkey's name.`;
export const PASSKEY_NAME_MISSING = "Give the passkey a name, so that you can tell it from your others.";

/** What is wrong with a passkey name as typed, or null when it can be saved. */
export function passkeyNameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return PASSKEY_NAME_MISSING;
  if (trimmed.length > PASSKEY_NAME_MAX_LENGTH) return PASSKEY_NAME_TOO_LONG;
  return null;
}
