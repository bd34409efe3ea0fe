"use client";

import { useState } from "react";

import { Button } from "@/components/button";
import { PasswordField, TextField } from "@/components/form-fields";
import { Notice } from "@/components/notice";
import { authClient, runAuthCall } from "@/lib/auth-client";

import { SIGN_IN_FIELDS, validateSignIn } from "@/lib/credentials";
import { useAuthForm } from "../use-auth-form";
import { ResendVerification } from "./resend-verification";

export function SignInForm({ destination }: { destination: string }) {
  // The address Better Auth refused as not confirmed yet, which the resend action mails.
  const [unverified, setUnverified] = useState<string | null>(null);
  const { errors, checkField, recheckField, failure, pending, onSubmit } = useAuthForm({
    names: SIGN_IN_FIELDS,
    validate: validateSignIn,
    destination,
    send: async ({ email, password }) => {
      const outcome = await runAuthCall((observer) =>
        authClient.signIn.email({ email: email.trim(), password }, observer),
      );
      setUnverified(!outcome.ok && outcome.failure.code === "EMAIL_NOT_VERIFIED" ? email.trim() : null);
      return outcome;
    },
  });

  return (
    <form noValidate onSubmit={onSubmit} onChange={recheckField} className="space-y-4">
      {failure && <Notice tone="error">{failure}</Notice>}
      {failure && unverified && <ResendVerification email={unverified} />}
      <TextField
        label="Email"
        name="email"
        type="email"
        // "webauthn": the browser may list this site's passkeys here (passkey-sign-in.tsx).
        autoComplete="username webauthn"
        required
        autoFocus
        error={errors.email}
        onBlur={checkField}
      />
      <PasswordField
        label="Password"
        name="password"
        autoComplete="current-password"
        required
        error={errors.password}
        onBlur={checkField}
      />
      <Button type="submit" variant="primary" className="w-full" pending={pending} pendingLabel="Signing in…">
        Sign in
      </Button>
    </form>
  );
}
