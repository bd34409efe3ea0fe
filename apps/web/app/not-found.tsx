import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Page not found" };

/** Any address the app does not have: words and a way back, instead of Next.js's bare 404. */
export default function NotFound() {
  return (
    <main className="mx-auto w-full max-w-md px-4 py-16">
      <h1 className="mb-4 text-2xl font-semibold">Page not found</h1>
      <p className="mb-6 text-slate-700">
        There is nothing at this address. It may have moved, or the link may be mistyped.
      </p>
      <Link
        href="/todos"
        className="font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900"
      >
        Go to your todos
      </Link>
    </main>
  );
}
