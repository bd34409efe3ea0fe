import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { redirect } from "next/navigation";

import { Logo } from "@/components/logo";
import { COLOR_SCHEME_COOKIE, type ColorScheme, colorSchemeOf } from "@/lib/color-scheme";
import { getSession } from "@/lib/server/auth";

export const metadata: Metadata = { title: "Todo: your tasks, kept safe" };

const BUTTON = "inline-flex justify-center rounded-md px-4 py-2 text-sm font-semibold shadow-xs";

const FEATURES = [
  {
    title: "Quick to fill, quick to find",
    text: "One line adds a todo; due dates, priorities and tags are there when you want them. Search, filter and sort a list of thousands as fast as a list of ten.",
  },
  {
    title: "Signed in the way you choose",
    text: "A password, a passkey, or both, with a second factor from any authenticator app. Lost your password? A mailed link brings you back, never past your second factor.",
  },
  {
    title: "Watched over",
    text: "See every device you are signed in on and sign any of them out. Your browser never holds a key to the todo service: every call goes through our server, which checks your session each time.",
  },
];

/** The pictures of the dashboard (taken by e2e/screenshots.spec.ts), for the scheme the page is in. */
function ProductPicture({ scheme }: { scheme: ColorScheme }) {
  const shot = (screen: "desktop" | "phone", dark: boolean) =>
    `/screenshots/dashboard-${screen}-${dark ? "dark" : "light"}.png`;
  const phone = "(max-width: 40rem)";
  const followsSystem = scheme === "system";
  return (
    <picture>
      {followsSystem && (
        <source media={`${phone} and (prefers-color-scheme: dark)`} srcSet={shot("phone", true)} />
      )}
      <source media={phone} srcSet={shot("phone", scheme === "dark")} />
      {followsSystem && <source media="(prefers-color-scheme: dark)" srcSet={shot("desktop", true)} />}
      <img
        src={shot("desktop", scheme === "dark")}
        width={1280}
        height={800}
        alt="The todo list: a one-line add, search and filters, and compact todos with their priority, due date, tags and icon buttons to edit and delete them"
        className="h-auto w-full rounded-xl border border-line shadow-lg"
      />
    </picture>
  );
}

/** Signed in: the todos. Signed out: what the app is, and the ways in. */
export default async function HomePage() {
  if (await getSession()) redirect("/todos");
  const scheme = colorSchemeOf((await cookies()).get(COLOR_SCHEME_COOKIE)?.value);
  return (
    <div className="min-h-dvh">
      <header className="mx-auto flex w-full max-w-5xl items-center justify-between px-4 py-4">
        <Logo />
        <Link href="/sign-in" className="text-sm font-semibold text-link hover:text-link-hover">
          Sign in
        </Link>
      </header>
      <main className="mx-auto w-full max-w-5xl px-4 pb-16">
        <section className="mx-auto max-w-2xl py-10 text-center sm:py-16">
          <h1 className="text-3xl font-semibold tracking-tight text-ink sm:text-5xl">
            Your tasks, in one place, kept safe.
          </h1>
          <p className="mt-4 text-lg text-ink-soft">
            Add what you need to do, with due dates, priorities and tags; search and sort it; tick it off.
            Signed in with a passkey or a password and a second factor, on every device you own.
          </p>
          <div className="mt-8 flex flex-wrap justify-center gap-3">
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
        </section>
        <ProductPicture scheme={scheme} />
        <section aria-labelledby="features-heading" className="mt-16">
          <h2 id="features-heading" className="sr-only">
            What it does
          </h2>
          <ul className="grid gap-6 sm:grid-cols-3">
            {FEATURES.map((feature) => (
              <li key={feature.title} className="rounded-xl border border-line bg-surface p-5 shadow-sm">
                <h3 className="font-semibold text-ink">{feature.title}</h3>
                <p className="mt-2 text-sm text-ink-soft">{feature.text}</p>
              </li>
            ))}
          </ul>
        </section>
      </main>
    </div>
  );
}
