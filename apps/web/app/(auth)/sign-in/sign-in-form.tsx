"use client";

import { Button } from "@/components/button";
import { PasswordField, TextField } from "@/components/form-fields";
import { Notice } from "@/components/notice";
import { authClient, runAuthCall } from "@/lib/auth-client";

import { SIGN_IN_FIELDS, validateSignIn } from "@/lib/credentials";
import { useAuthForm } from "../use-auth-form";

export function SignInForm({ destination }: { destination: string }) {
  const { errors, checkField, recheckField, failure, pending, onSubmit } = useAuthForm({
    names: SIGN_IN_FIELDS,
    validate: validateSignIn,
    destination,
    send: ({ email, password }) =>
      runAuthCall((observer) => authClient.signIn.email({ email: email.trim(), password }, observer)),
  });

  return (
    <form noValidate onSubmit={onSubmit} onChange={recheckField} className="space-y-4">
      {failure && <Notice tone="error">{failure}</Notice>}
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
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
