import type { Metadata } from "next";
import Link from "next/link";

import { Notice } from "@/components/notice";
import { RESET_LINK_INVALID } from "@/lib/auth-client";

import { type SearchParams, singleParam } from "../search-params";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({ searchParams }: { searchParams: SearchParams }) {
  // Better Auth's link lands here with ?token=…, or with ?error=INVALID_TOKEN when it is expired or used.
  const token = singleParam((await searchParams).token);
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight">Choose a new password</h1>
      {token ? <ResetPasswordForm token={token} /> : <Notice tone="error">{RESET_LINK_INVALID}</Notice>}
      <p className="text-sm text-muted">
        <Link
          href="/forgot-password"
          className="font-medium text-link underline underline-offset-2 hover:text-link-hover"
        >
          Ask for a new link
        </Link>
      </p>
    </>
  );
}
