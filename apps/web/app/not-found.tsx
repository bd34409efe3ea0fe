import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";

export const metadata: Metadata = { title: "Page not found" };

/**
 * Replaces Next's default 404, whose inline style attributes the policy refuses; rendered per request
 * so that its scripts carry the request's nonce.
 */
export default async function NotFound() {
  await connection();
  return (
    <main className="mx-auto w-full max-w-md px-4 py-16">
      <h1 className="mb-4 text-2xl font-semibold">Page not found</h1>
      <p className="mb-6 text-ink-soft">
        There is nothing at this address. It may have moved, or the link may be mistyped.
      </p>
      <Link
        href="/todos"
        className="font-medium text-link underline underline-offset-2 hover:text-link-hover"
      >
        Go to your todos
      </Link>
    </main>
  );
}
