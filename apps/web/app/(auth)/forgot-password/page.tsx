import type { Metadata } from "next";
import Link from "next/link";

import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Reset your password" };

export default function ForgotPasswordPage() {
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight">Reset your password</h1>
      <p className="text-sm text-muted">
        Enter the email address of your account and we will send you a link to choose a new password.
      </p>
      <ForgotPasswordForm />
      <p className="text-sm text-muted">
        Remembered it?{" "}
        <Link
          href="/sign-in"
          className="font-medium text-link underline underline-offset-2 hover:text-link-hover"
        >
          Sign in
        </Link>
      </p>
    </>
  );
}
