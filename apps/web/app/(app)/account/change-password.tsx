"use client";

import { useRef, useState } from "react";

import { Button } from "@/components/button";
import { CurrentPasswordField, NewPasswordFields } from "@/components/form-fields";
import { Notice } from "@/components/notice";
import { useCheckedForm } from "@/components/use-checked-form";
import { authClient, runAuthCall } from "@/lib/auth-client";
import { CHANGE_PASSWORD_FIELDS, validateChangePassword } from "@/lib/credentials";

export function ChangePassword() {
  const [done, setDone] = useState<string | null>(null);
  const signOutOthers = useRef<HTMLInputElement>(null);
  const { errors, field, failure, pending, onSubmit } = useCheckedForm(
    CHANGE_PASSWORD_FIELDS,
    validateChangePassword,
    async ({ currentPassword, password }, form) => {
      setDone(null);
      const revokeOtherSessions = signOutOthers.current?.checked ?? true;
      const outcome = await runAuthCall((observer) =>
        authClient.changePassword({ currentPassword, newPassword: password, revokeOtherSessions }, observer),
      );
      if (!outcome.ok) return outcome.failure.message;
      form.reset();
      setDone(
        revokeOtherSessions
          ? "Your password has been changed, and your other devices have been signed out."
          : "Your password has been changed.",
      );
      return null;
    },
  );

  return (
    <section
      aria-labelledby="password-heading"
      className="space-y-3 rounded-xl border border-line bg-surface p-4 shadow-sm sm:p-6"
    >
      <h2 id="password-heading" className="text-lg font-semibold">
        Password
      </h2>
      <form noValidate aria-label="Change password" onSubmit={onSubmit} className="space-y-3">
        {failure && <Notice tone="error">{failure}</Notice>}
        {done && <Notice tone="success">{done}</Notice>}
        <CurrentPasswordField error={errors.currentPassword} {...field("currentPassword")} />
        <NewPasswordFields errors={errors} field={field} />
        <label className="flex items-center gap-2 text-sm text-ink-soft">
          <input ref={signOutOthers} type="checkbox" defaultChecked className="size-4 accent-primary" />
          Sign out my other devices
        </label>
        <Button type="submit" pending={pending} pendingLabel="Changing…">
          Change password
        </Button>
      </form>
    </section>
  );
}
