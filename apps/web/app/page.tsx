import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";

import { getSession } from "@/lib/server/auth";

export const metadata: Metadata = { title: "Todo: your tasks, kept safe" };

const BUTTON = "inline-flex justify-center rounded-md px-4 py-2 text-sm font-semibold shadow-xs";

/** Signed in: the todos. Signed out: what the app is, and the ways in. */
export default async function HomePage() {
  if (await getSession()) redirect("/todos");
  return (
    <main className="mx-auto flex min-h-dvh w-full max-w-xl flex-col justify-center gap-6 px-4 py-10">
      <p className="text-lg font-semibold tracking-tight text-link">Todo</p>
      <h1 className="text-3xl font-semibold tracking-tight text-ink">Your tasks, in one place, kept safe.</h1>
      <p className="text-ink-soft">
        Add what you need to do, with due dates, priorities and tags; search and sort it; tick it off. Your
        list is yours alone: you can see where you are signed in and sign out any device.
      </p>
      <div className="flex flex-wrap gap-3">
        <Link href="/sign-up" className={`${BUTTON} bg-indigo-600 text-white hover:bg-indigo-700`}>
          Create an account
        </Link>
        <Link
          href="/sign-in"
          className={`${BUTTON} border border-line-strong bg-surface text-ink hover:bg-subtle`}
        >
          Sign in
        </Link>
      </div>
    </main>
  );
}
