"use client";

import { useState } from "react";

import { Button } from "@/components/button";
import { CurrentPasswordField, SecondFactorCodeField, TextField } from "@/components/form-fields";
import { Notice } from "@/components/notice";
import { useCheckedForm } from "@/components/use-checked-form";
import { authClient, confirmIdentity, EMAIL_CHANGED_PATH, runAuthCall } from "@/lib/auth-client";
import {
  CHANGE_EMAIL_FIELDS,
  currentPasswordError,
  secondFactorCodeError,
  validateEmail,
} from "@/lib/credentials";

/**
 * Asks for a new address, the password and the second factor where it is on (so that a borrowed session
 * cannot move the account to another mailbox); Better Auth mails a link to it and changes the email only once it is followed, so a
 * typo cannot lock the person out. The answer is the same whether or not the address belongs to
 * another account.
 */
export function ChangeEmail({ email, twoFactorEnabled }: { email: string; twoFactorEnabled: boolean }) {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { errors, field, failure, pending, onSubmit } = useCheckedForm(
    CHANGE_EMAIL_FIELDS,
    (values) => {
      const sameAddress = values.email.trim().toLowerCase() === email.toLowerCase();
      return {
        ...(sameAddress ? { email: "This is already your email address." } : validateEmail(values)),
        currentPassword: currentPasswordError(values.currentPassword),
        secondFactorCode: secondFactorCodeError(values.secondFactorCode, twoFactorEnabled),
      };
    },
    async (values, form) => {
      setSentTo(null);
      const newEmail = values.email.trim();
      const confirmed = await confirmIdentity(values.currentPassword, values.secondFactorCode);
      if (!confirmed.ok) return confirmed.failure.message;
      const outcome = await runAuthCall((observer) =>
        authClient.changeEmail({ newEmail, callbackURL: EMAIL_CHANGED_PATH }, observer),
      );
      if (!outcome.ok) return outcome.failure.message;
      form.reset();
      setSentTo(newEmail);
      return null;
    },
  );

  return (
    <form noValidate aria-label="Change email" onSubmit={onSubmit} className="space-y-3">
      {failure && <Notice tone="error">{failure}</Notice>}
      {sentTo && (
        <Notice tone="success">
          We sent a link to {sentTo}. Your email changes when you follow it; until then it stays {email}.
        </Notice>
      )}
      <TextField
        label="New email"
        type="email"
        autoComplete="email"
        required
        error={errors.email}
        {...field("email")}
      />
      <CurrentPasswordField error={errors.currentPassword} {...field("currentPassword")} />
      {twoFactorEnabled && (
        <SecondFactorCodeField error={errors.secondFactorCode} {...field("secondFactorCode")} />
      )}
      <Button type="submit" pending={pending} pendingLabel="Sending…">
        Change email
      </Button>
    </form>
  );
}
