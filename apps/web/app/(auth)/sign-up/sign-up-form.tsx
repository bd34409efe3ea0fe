"use client";

import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/button";
import { PasswordField, TextField } from "@/components/form-fields";
import { Notice } from "@/components/notice";

import {
  ACCOUNT_EXISTS,
  type AuthFailure,
  authClient,
  EMAIL_VERIFIED_PATH,
  runAuthCall,
} from "@/lib/auth-client";
import { SIGN_UP_FIELDS, validateSignUp } from "@/lib/credentials";
import { PASSWORD_MIN_LENGTH } from "@/lib/password-length";
import { useAuthForm } from "../use-auth-form";

/** Better Auth's verdicts on a single field are shown next to that field. */
function fieldOfFailure({ code }: AuthFailure): "email" | "password" | null {
  if (code?.startsWith("USER_ALREADY_EXISTS") || code === "INVALID_EMAIL") return "email";
  if (code?.startsWith("PASSWORD_TOO_")) return "password";
  return null;
}

/** With `verifyEmail` (REQUIRE_EMAIL_VERIFICATION) the new account is not signed in until its link is followed. */
export function SignUpForm({ verifyEmail }: { verifyEmail: boolean }) {
  const [linkSentTo, setLinkSentTo] = useState<string | null>(null);
  const { errors, field, failure, succeeded, pending, onSubmit } = useAuthForm({
    names: SIGN_UP_FIELDS,
    validate: validateSignUp,
    destination: verifyEmail ? null : "/todos",
    fieldOf: fieldOfFailure,
    send: async ({ name, email, password }) => {
      const outcome = await runAuthCall((observer) =>
        authClient.signUp.email(
          { name: name.trim(), email: email.trim(), password, callbackURL: EMAIL_VERIFIED_PATH },
          observer,
        ),
      );
      if (outcome.ok && verifyEmail) setLinkSentTo(email.trim());
      return outcome;
    },
  });

  if (linkSentTo)
    return (
      <Notice tone="success">
        Check your email: we sent a link to {linkSentTo}. Follow it to finish creating your account.
      </Notice>
    );

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-4">
      {failure && <Notice tone="error">{failure}</Notice>}
      {succeeded && <Notice tone="success">Your account is ready. Opening your todos…</Notice>}
      <TextField label="Name" autoComplete="name" required error={errors.name} {...field("name")} />
      <TextField
        label="Email"
        type="email"
        autoComplete="email"
        required
        error={
          errors.email === ACCOUNT_EXISTS ? (
            <>
              {ACCOUNT_EXISTS}{" "}
              <Link href="/sign-in" className="font-medium underline underline-offset-2">
                Sign in instead
              </Link>
              .
            </>
          ) : (
            errors.email
          )
        }
        {...field("email")}
      />
      <PasswordField
        label="Password"
        autoComplete="new-password"
        required
        hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        error={errors.password}
        {...field("password")}
      />
      <PasswordField
        label="Confirm password"
        autoComplete="new-password"
        required
        error={errors.confirmPassword}
        {...field("confirmPassword")}
      />
      <Button
        type="submit"
        variant="primary"
        className="w-full"
        pending={pending}
        pendingLabel="Creating account…"
      >
        Create account
      </Button>
    </form>
  );
}
