import "server-only";

import { SIGN_IN_METHODS, type SignInMethod } from "@/lib/security-activity";
import type { Mail } from "@/lib/server/mail";

/** The mails the account's life sends: their words in one place, their sending where each happens. */

export const RESET_LINK_MINUTES = 30;

export function passwordResetMail(to: string, url: string): Mail {
  return {
    kind: "password_reset",
    to,
    subject: "Reset your Todo password",
    text:
      `Someone asked to reset the password of your Todo account. To choose a new one, open this link ` +
      `within ${RESET_LINK_MINUTES} minutes:\n\n${url}\n\nIt works once. If you did not ask, ignore ` +
      `this mail: your password stays as it is.\n`,
  };
}

/**
 * With verification required, sign-up answers the same for a taken address as for a free one (no
 * account enumeration); the owner hears of the attempt instead, with the way back in.
 */
export function existingAccountMail(to: string): Mail {
  return {
    kind: "existing_account",
    to,
    subject: "You already have a Todo account",
    text:
      `Someone tried to create a Todo account with this address, which already has one. If it was you, ` +
      `sign in instead, or ask for a password reset on the sign-in page if you forgot your password.\n\n` +
      `If it was not you, you need do nothing: no account was created and yours is unchanged.\n`,
  };
}

export const VERIFICATION_LINK_HOURS = 24;

/** Confirms that the address is the person's: a new account's, or the new one of a change of email. */
export function verificationMail(to: string, url: string): Mail {
  return {
    kind: "email_verification",
    to,
    subject: "Confirm your email address for Todo",
    text:
      `To confirm that this address is yours and use it for your Todo account, open this link within ` +
      `${VERIFICATION_LINK_HOURS} hours:\n\n${url}\n\nIf you did not ask for this, ignore this mail.\n`,
  };
}

/**
 * Tells the old address that the account's email changed, so that a change the person did not make
 * (someone else at their signed-in device) does not go unnoticed.
 */
export function emailChangedMail(to: string, newEmail: string): Mail {
  return {
    kind: "email_changed",
    to,
    subject: "Your Todo email was changed",
    text:
      `The email address of your Todo account was changed to ${newEmail}: from now on you sign in ` +
      `with that address, and mail about your account goes there.\n\nIf this wasn't you, someone ` +
      `else has used your account. Sign in with ${newEmail} and your password, change the email back ` +
      `and your password on the Account page, and sign out everywhere else.\n`,
  };
}

/**
 * Tells the current address at once that a change of email was asked for, so that a change the
 * person did not ask for (someone else at their signed-in device) can be stopped before its link is
 * followed: a new password cancels it (lib/server/email-change-guard.ts).
 */
export function emailChangeRequestedMail(to: string, newEmail: string): Mail {
  return {
    kind: "email_change_requested",
    to,
    subject: "A change of your Todo email was asked for",
    text:
      `Someone signed in to your Todo account asked to change its email to ${newEmail}. It changes only ` +
      `once the link mailed there is followed.\n\nIf this wasn't you, change your password on the ` +
      `Account page now (or reset it from the sign-in page): that cancels the change and signs out ` +
      `every other device.\n`,
  };
}

/** What changed in how the account signs in, in the words of the mail that tells of it. */
export const SIGN_IN_CHANGES = {
  password_changed: "Your password was changed",
  password_reset: "Your password was reset with a link sent to this address",
  passkey_added: "A passkey was added",
  passkey_removed: "A passkey was removed",
  two_factor_on: "Two-factor sign-in was set up",
  two_factor_off: "Two-factor sign-in was turned off",
  backup_codes_renewed: "New backup codes were made (the old ones no longer work)",
} as const;

export type SignInChange = keyof typeof SIGN_IN_CHANGES;

/**
 * Tells the account's address of a change to how it signs in (ASVS 2.2.3), so that a change the person
 * did not make (someone at their signed-in device) does not go unnoticed. It names no secret or code.
 */
export function signInChangedMail(to: string, change: SignInChange): Mail {
  return {
    kind: `sign_in_change_${change}`,
    to,
    subject: `${SIGN_IN_CHANGES[change]} on your Todo account`,
    text:
      `${SIGN_IN_CHANGES[change]} on your Todo account.\n\nIf this was you, there is nothing to do. If it ` +
      `wasn't, reset your password from the sign-in page now: that signs every device out.\n`,
  };
}

/**
 * An invitation to a shared list: the link carries the one-time token, which only this mail ever
 * holds (the inviter's browser never sees it); the link works for an account with this address only.
 */
export function listInvitationMail(
  to: string,
  inviter: string,
  role: string,
  url: string,
  expiresAt: Date,
): Mail {
  return {
    kind: "list_invitation",
    to,
    // The inviter's name is theirs to choose: in quotes in the text, never the subject a mailbox lists.
    subject: "A Todo list was shared with you",
    text:
      `“${inviter}” invited you to a shared list on Todo as ${role === "editor" ? "an editor" : `a ${role}`}. ` +
      `To join it, sign in (or create an account) with this address, ${to}, and open this link before ` +
      `${expiresAt.toUTCString()}:\n\n${url}\n\nIt works once. If you do not want to join, ignore this mail.\n`,
  };
}

/**
 * Tells the owner of a sign-in from a browser, system or network the account had not signed in from,
 * so that someone else's sign-in with their password does not go unnoticed. No code, no full address.
 */
export function newDeviceSignInMail(
  to: string,
  where: { device: string | null; network: string | null; method: SignInMethod | null },
): Mail {
  const how = where.method ? ` with ${SIGN_IN_METHODS[where.method]}` : "";
  return {
    kind: "new_device_sign_in",
    to,
    subject: "A new sign-in to your Todo account",
    text:
      `Your Todo account was signed in to from a device it had not been used on before${how}:\n\n` +
      `Device: ${where.device ?? "unknown"}\nNetwork: ${where.network ?? "unknown"}\n\n` +
      `If this was you, there is nothing to do. If it wasn't, reset your password from the sign-in page ` +
      `now (that signs every device out), and look at the Activity on your Account page.\n`,
  };
}

/** Tells the owner that few backup codes are left, before the last one is gone. */
export function backupCodesLowMail(to: string, remaining: number): Mail {
  return {
    kind: "backup_codes_low",
    to,
    subject: "Your Todo backup codes are running low",
    text:
      `A backup code was just used on your Todo account; ${remaining} ` +
      `${remaining === 1 ? "is" : "are"} left. Make new ones on the Account page (under Two-factor ` +
      `sign-in) so that you are not locked out when your authenticator app is not at hand.\n`,
  };
}
