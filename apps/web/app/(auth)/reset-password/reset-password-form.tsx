"use client";

import { useRouter } from "next/navigation";

import { Button } from "@/components/button";
import { PasswordField } from "@/components/form-fields";
import { Notice } from "@/components/notice";
import { useCheckedForm } from "@/components/use-field-errors";
import { authClient, runAuthCall } from "@/lib/auth-client";
import { NEW_PASSWORD_FIELDS, validateNewPassword } from "@/lib/credentials";
import { PASSWORD_MIN_LENGTH } from "@/lib/password-length";

export function ResetPasswordForm({ token }: { token: string }) {
  const router = useRouter();
  const { errors, checkField, recheckField, failure, pending, onSubmit } = useCheckedForm(
    NEW_PASSWORD_FIELDS,
    validateNewPassword,
    async ({ password }) => {
      const outcome = await runAuthCall((observer) =>
        authClient.resetPassword({ newPassword: password, token }, observer),
      );
      if (!outcome.ok) return outcome.failure.message;
      router.replace("/sign-in?reason=password-reset");
      return null;
    },
  );

  return (
    <form noValidate onSubmit={onSubmit} onChange={recheckField} className="space-y-4">
      {failure && <Notice tone="error">{failure}</Notice>}
      <PasswordField
        label="New password"
        name="password"
        autoComplete="new-password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        required
        autoFocus
        error={errors.password}
        onBlur={checkField}
      />
      <PasswordField
        label="Repeat the new password"
        name="confirmPassword"
        autoComplete="new-password"
        required
        error={errors.confirmPassword}
        onBlur={checkField}
      />
      <Button type="submit" variant="primary" className="w-full" pending={pending} pendingLabel="Saving…">
        Set new password
      </Button>
    </form>
  );
}
