"use client";

import { useState } from "react";

import { Button } from "@/components/button";
import { TextField } from "@/components/form-fields";
import { Notice } from "@/components/notice";
import { useCheckedForm } from "@/components/use-checked-form";
import { authClient, runAuthCall } from "@/lib/auth-client";

import { EMAIL_FIELDS, validateEmail } from "@/lib/credentials";

export function ForgotPasswordForm() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { errors, field, failure, pending, onSubmit } = useCheckedForm(
    EMAIL_FIELDS,
    validateEmail,
    async ({ email }) => {
      const outcome = await runAuthCall((observer) =>
        authClient.requestPasswordReset({ email: email.trim(), redirectTo: "/reset-password" }, observer),
      );
      if (!outcome.ok) return outcome.failure.message;
      setSentTo(email.trim());
      return null;
    },
  );

  // The same words whether or not the address has an account: the page must not tell which.
  if (sentTo) {
    return (
      <Notice tone="success">
        If an account exists for {sentTo}, we have sent it a link to choose a new password. The link works
        once, for 30 minutes; look in your spam folder if it does not arrive.
      </Notice>
    );
  }
  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4">
      {failure && <Notice tone="error">{failure}</Notice>}
      <TextField
        label="Email"
        type="email"
        autoComplete="email"
        required
        autoFocus
        error={errors.email}
        {...field("email")}
      />
      <Button type="submit" variant="primary" className="w-full" pending={pending} pendingLabel="Sending…">
        Send reset link
      </Button>
    </form>
  );
}
