import type { ReactNode } from "react";

import { AppHeader } from "@/components/app-header";

import { currentSession } from "./current-session";

/** Signed-out visitors are redirected by each page (see `requireSession`), which knows its own path. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const session = await currentSession();
  return (
    <>
      {session && <AppHeader userName={session.user.name} />}
      <main className="mx-auto w-full max-w-3xl px-4 py-6 sm:py-10">{children}</main>
    </>
  );
}
