import type { FieldErrors, FormValues } from "@/components/use-checked-form";
import { EMAIL_MAX_LENGTH, EMAIL_TOO_LONG, NAME_MAX_LENGTH, NAME_TOO_LONG } from "@/lib/account-limits";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/password-length";

// Deliberately loose (something@something.something): the server has the final word.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const SIGN_IN_FIELDS = ["email", "password"] as const;
export const SIGN_UP_FIELDS = ["name", "email", "password", "confirmPassword"] as const;
export const EMAIL_FIELDS = ["email"] as const;
export const NEW_PASSWORD_FIELDS = ["password", "confirmPassword"] as const;
export const CHANGE_PASSWORD_FIELDS = ["currentPassword", "password", "confirmPassword"] as const;
export const CHANGE_EMAIL_FIELDS = ["email", "currentPassword", "secondFactorCode"] as const;

type SignInField = (typeof SIGN_IN_FIELDS)[number];
type SignUpField = (typeof SIGN_UP_FIELDS)[number];
type NewPasswordField = (typeof NEW_PASSWORD_FIELDS)[number];
type ChangePasswordField = (typeof CHANGE_PASSWORD_FIELDS)[number];

function emailError(email: string): string | undefined {
  if (!email.trim()) return "Enter your email address.";
  if (!EMAIL_SHAPE.test(email.trim())) return "Enter an email address like name@example.com.";
  if (email.trim().length > EMAIL_MAX_LENGTH) return EMAIL_TOO_LONG;
  return undefined;
}

export function validateSignIn(values: FormValues<SignInField>): FieldErrors<SignInField> {
  return {
    email: emailError(values.email),
    password: values.password ? undefined : "Enter your password.",
  };
}

function newPasswordError(password: string): string | undefined {
  if (password.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  return undefined;
}

function confirmationError(password: string, confirmation: string): string | undefined {
  if (!confirmation) return "Repeat your password.";
  return confirmation === password ? undefined : "The passwords do not match.";
}

export function nameError(name: string): string | undefined {
  if (!name.trim()) return "Enter your name.";
  return name.trim().length > NAME_MAX_LENGTH ? NAME_TOO_LONG : undefined;
}

export function validateNewPassword(values: FormValues<NewPasswordField>): FieldErrors<NewPasswordField> {
  return {
    password: newPasswordError(values.password),
    confirmPassword: confirmationError(values.password, values.confirmPassword),
  };
}

export function validateChangePassword(
  values: FormValues<ChangePasswordField>,
): FieldErrors<ChangePasswordField> {
  return {
    currentPassword: currentPasswordError(values.currentPassword),
    ...validateNewPassword(values),
  };
}

export function validateEmail(values: FormValues<"email">): FieldErrors<"email"> {
  return { email: emailError(values.email) };
}

export function currentPasswordError(password: string): string | undefined {
  return password ? undefined : "Enter your current password.";
}

/** The second factor a change asks for when two-factor is on: a code from the app or a backup code. */
export function secondFactorCodeError(code: string, twoFactorEnabled: boolean): string | undefined {
  return !twoFactorEnabled || code.trim()
    ? undefined
    : "Enter the code your authenticator app shows, or a backup code.";
}

export function validateSignUp(values: FormValues<SignUpField>): FieldErrors<SignUpField> {
  return { name: nameError(values.name), ...validateEmail(values), ...validateNewPassword(values) };
}
