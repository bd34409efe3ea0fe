import type { Metadata } from "next";
import Link from "next/link";

import { Notice } from "@/components/notice";
import { config } from "@/lib/server/env";

import { type SearchParams, singleParam } from "../search-params";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage({ searchParams }: { searchParams: SearchParams }) {
  const { deleted } = await searchParams;
  return (
    <>
      <h1 className="text-2xl font-semibold tracking-tight">Create an account</h1>
      {singleParam(deleted) === "1" && <Notice tone="success">Your account has been deleted.</Notice>}
      <SignUpForm verifyEmail={config().requireEmailVerification} />
      <p className="text-sm text-muted">
        Already have an account?{" "}
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
