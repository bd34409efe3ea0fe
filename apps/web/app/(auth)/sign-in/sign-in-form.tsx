"use client";

import { type ReactNode, useState } from "react";

import { Button } from "@/components/button";
import { PasswordField, TextField } from "@/components/form-fields";
import { Notice } from "@/components/notice";
import { authClient, enterSignedInPages, runAuthCall } from "@/lib/auth-client";

import { SIGN_IN_FIELDS, validateSignIn } from "@/lib/credentials";
import { needsSecondFactor } from "@/lib/two-factor-messages";
import { useAuthForm } from "../use-auth-form";
import { ResendVerification } from "./resend-verification";
import { TwoFactorStep } from "./two-factor-step";

/**
 * The password step, then the code step of an account with two-factor. `children` are the other ways
 * (a passkey, a forgotten password, a new account): offered beside the password only, as the code step
 * is past them; it has its own way back to the password.
 */
export function SignInForm({ destination, children }: { destination: string; children: ReactNode }) {
  // The address Better Auth refused as not confirmed yet, which the resend action mails.
  const [unverified, setUnverified] = useState<string | null>(null);
  // An account with two-factor: the password was right, and a code comes next.
  const [secondStep, setSecondStep] = useState(false);
  const [restartReason, setRestartReason] = useState<string | null>(null);
  const { errors, field, failure, pending, onSubmit } = useAuthForm({
    names: SIGN_IN_FIELDS,
    validate: validateSignIn,
    destination: null, // decided below: the destination, or the code step
    send: async ({ email, password }) => {
      setRestartReason(null);
      const outcome = await runAuthCall((observer) =>
        authClient.signIn.email({ email: email.trim(), password }, observer),
      );
      setUnverified(!outcome.ok && outcome.failure.code === "EMAIL_NOT_VERIFIED" ? email.trim() : null);
      if (outcome.ok && needsSecondFactor(outcome.data)) setSecondStep(true);
      else if (outcome.ok) enterSignedInPages(destination);
      return outcome;
    },
  });

  if (secondStep)
    return (
      <TwoFactorStep
        destination={destination}
        onRestart={(message) => {
          setRestartReason(message);
          setSecondStep(false);
        }}
        onBack={() => {
          setRestartReason(null);
          setSecondStep(false);
        }}
      />
    );
  return (
    <>
      <form noValidate onSubmit={onSubmit} className="space-y-4">
        {(failure ?? restartReason) && <Notice tone="error">{failure ?? restartReason}</Notice>}
        {failure && unverified && <ResendVerification email={unverified} />}
        <TextField
          label="Email"
          type="email"
          // "webauthn": the browser may list this site's passkeys here (passkey-sign-in.tsx).
          autoComplete="username webauthn"
          required
          autoFocus
          error={errors.email}
          {...field("email")}
        />
        <PasswordField
          label="Password"
          autoComplete="current-password"
          required
          error={errors.password}
          {...field("password")}
        />
        <Button
          type="submit"
          variant="primary"
          className="w-full"
          pending={pending}
          pendingLabel="Signing in…"
        >
          Sign in
        </Button>
      </form>
      {children}
    </>
  );
}
