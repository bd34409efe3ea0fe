import type { Metadata } from "next";
import Link from "next/link";

import { AppHeader } from "@/components/app-header";
import { getSession } from "@/lib/server/auth";

export const metadata: Metadata = { title: "Page not found" };

const LINK = "font-medium text-link underline underline-offset-2 hover:text-link-hover";

/**
 * Replaces Next's default 404, whose inline style attributes the policy refuses; rendered per request
 * (the session is read) so that its scripts carry the request's nonce. Signed in, it is one of the
 * app's pages, header included, and leads to the todos; signed out, to the landing page, as the todos
 * would only send the visitor on to sign-in.
 */
export default async function NotFound() {
  const session = await getSession();
  return (
    <>
      {session && <AppHeader userName={session.user.name} />}
      <main className="mx-auto w-full max-w-md px-4 py-16">
        <h1 className="mb-4 text-2xl font-semibold">Page not found</h1>
        <p className="mb-6 text-ink-soft">
          There is nothing at this address. It may have moved, or the link may be mistyped.
        </p>
        {session ? (
          <Link href="/todos" className={LINK}>
            Go to your todos
          </Link>
        ) : (
          <Link href="/" className={LINK}>
            Go to the home page
          </Link>
        )}
      </main>
    </>
  );
}
