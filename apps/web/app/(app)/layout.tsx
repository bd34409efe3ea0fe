import type { ReactNode } from "react";

import { AppHeader } from "@/components/app-header";

import { currentSession } from "./current-session";
import { QueryProvider } from "./query-provider";

/** Signed-out visitors are redirected by each page (see `requireSession`), which knows its own path. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const session = await currentSession();
  return (
    <>
      <a
        href="#main"
        className="sr-only rounded-md bg-surface px-3 py-2 font-medium text-link shadow focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-10"
      >
        Skip to main content
      </a>
      {session && <AppHeader userName={session.user.name} />}
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-5xl px-4 py-3 outline-none sm:py-6">
        <QueryProvider>{children}</QueryProvider>
      </main>
    </>
  );
}
