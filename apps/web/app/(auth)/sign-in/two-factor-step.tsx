"use client";

import { useState } from "react";

import { Button } from "@/components/button";
import { TextField } from "@/components/form-fields";
import { Notice } from "@/components/notice";
import { authClient, runAuthCall } from "@/lib/auth-client";
import { RESTART_SIGN_IN_CODES } from "@/lib/two-factor-messages";

import { useAuthForm } from "../use-auth-form";

const CODE_FIELDS = ["code"] as const;

type CodeKind = "app" | "backup";

function validateCode(kind: CodeKind) {
  return ({ code }: { code: string }) => {
    const trimmed = code.replace(/\s/g, "");
    if (!trimmed) return { code: kind === "app" ? "Enter the code from your app." : "Enter a backup code." };
    if (kind === "app" && !/^\d{6}$/.test(trimmed)) return { code: "The code is 6 digits." };
    return {};
  };
}

/**
 * The second step of a password sign-in of an account with two-factor: a code from the authenticator
 * app, or a backup code. No session exists until it succeeds; Better Auth keeps the step in its
 * short-lived two-factor cookie. `onRestart` goes back to the password with a message, when the step
 * has expired or had too many wrong codes; `onBack` when the person asks to (another account, another
 * way to sign in).
 */
export function TwoFactorStep({
  destination,
  onRestart,
  onBack,
}: {
  destination: string;
  onRestart: (message: string) => void;
  onBack: () => void;
}) {
  const [kind, setKind] = useState<CodeKind>("app");
  const [trustDevice, setTrustDevice] = useState(false);
  const { form, errors, field, failure, pending, onSubmit } = useAuthForm({
    names: CODE_FIELDS,
    validate: validateCode(kind),
    destination,
    send: async ({ code }) => {
      const body = { code: code.replace(/\s/g, ""), trustDevice };
      const outcome = await runAuthCall((observer) =>
        kind === "app"
          ? authClient.twoFactor.verifyTotp(body, observer)
          : authClient.twoFactor.verifyBackupCode(body, observer),
      );
      if (!outcome.ok && outcome.failure.code && RESTART_SIGN_IN_CODES.has(outcome.failure.code))
        onRestart(outcome.failure.message);
      return outcome;
    },
  });

  return (
    <form key={kind} noValidate aria-label="Two-factor code" onSubmit={onSubmit} className="space-y-4">
      <p className="text-sm text-ink-soft">
        {kind === "app"
          ? "Your account has two-factor sign-in. Enter the 6-digit code your authenticator app shows."
          : "Enter one of the backup codes you saved when you turned on two-factor sign-in. Each works once."}
      </p>
      {failure && <Notice tone="error">{failure}</Notice>}
      <TextField
        label={kind === "app" ? "Authentication code" : "Backup code"}
        autoComplete="one-time-code"
        inputMode={kind === "app" ? "numeric" : "text"}
        spellCheck={false}
        required
        autoFocus
        error={errors.code}
        {...field("code")}
      />
      <label className="flex items-center gap-2 text-sm text-ink-soft">
        <input
          type="checkbox"
          name="trustDevice"
          checked={trustDevice}
          onChange={(event) => setTrustDevice(event.target.checked)}
          className="size-4 accent-indigo-600"
        />
        Trust this device for 30 days (no code asked here in that time)
      </label>
      <Button type="submit" variant="primary" className="w-full" pending={pending} pendingLabel="Checking…">
        Verify
      </Button>
      <Button
        onClick={() => {
          setKind(kind === "app" ? "backup" : "app");
          // The other kind of code starts from an empty field, as the form is new.
          form.reset();
        }}
        disabled={pending}
      >
        {kind === "app" ? "Use a backup code instead" : "Use the authenticator app instead"}
      </Button>
      <Button variant="quiet" onClick={onBack} disabled={pending}>
        Back to sign-in
      </Button>
    </form>
  );
}
