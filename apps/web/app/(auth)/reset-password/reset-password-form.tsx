"use client";

import { useRouter } from "next/navigation";

import { Button } from "@/components/button";
import { NewPasswordFields } from "@/components/form-fields";
import { Notice } from "@/components/notice";
import { useCheckedForm } from "@/components/use-checked-form";
import { authClient, runAuthCall } from "@/lib/auth-client";
import { NEW_PASSWORD_FIELDS, validateNewPassword } from "@/lib/credentials";

export function ResetPasswordForm({ token }: { token: string }) {
  const router = useRouter();
  const { errors, field, failure, pending, onSubmit } = useCheckedForm(
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
    <form noValidate onSubmit={onSubmit} className="space-y-4">
      {failure && <Notice tone="error">{failure}</Notice>}
      <NewPasswordFields errors={errors} field={field} autoFocus />
      <Button type="submit" variant="primary" className="w-full" pending={pending} pendingLabel="Saving…">
        Set new password
      </Button>
    </form>
  );
}
