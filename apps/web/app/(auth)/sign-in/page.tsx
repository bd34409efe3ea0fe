import type { Metadata } from "next";
import Link from "next/link";

import { Notice } from "@/components/notice";
import { SESSION_ENDED_MESSAGE } from "@/lib/failure-messages";
import { safeNextPath } from "@/lib/sign-in-url";

import { type SearchParams, singleParam } from "../search-params";
import { PasskeySignIn } from "./passkey-sign-in";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const { next, reason, error } = await searchParams;
  const emailVerified = singleParam(reason) === "email-verified";
  const destination = safeNextPath(singleParam(next)) ?? "/todos";
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight">Sign in</h1>
      {singleParam(reason) === "session-expired" && <Notice tone="info">{SESSION_ENDED_MESSAGE}</Notice>}
      {singleParam(reason) === "signed-out" && <Notice tone="info">You have been signed out.</Notice>}
      {singleParam(reason) === "password-reset" && (
        <Notice tone="success">Your password has been changed. Sign in with the new one.</Notice>
      )}
      {emailVerified && !error && (
        <Notice tone="success">Your email address is confirmed. Sign in to continue.</Notice>
      )}
      {emailVerified && error && (
        <Notice tone="error">
          This confirmation link has expired or was already used. Sign in to ask for a new one.
        </Notice>
      )}
      <SignInForm destination={destination}>
        <PasskeySignIn destination={destination} />
        <p className="text-sm text-muted">
          <Link
            href="/forgot-password"
            className="font-medium text-link underline underline-offset-2 hover:text-link-hover"
          >
            Forgot your password?
          </Link>
        </p>
        <p className="text-sm text-muted">
          New here?{" "}
          <Link
            href="/sign-up"
            className="font-medium text-link underline underline-offset-2 hover:text-link-hover"
          >
            Create an account
          </Link>
        </p>
      </SignInForm>
    </>
  );
}
