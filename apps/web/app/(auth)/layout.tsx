import { redirect } from "next/navigation";
import type { ReactNode } from "react";

import { Logo } from "@/components/logo";
import { getSession } from "@/lib/server/auth";

export default async function AuthLayout({ children }: { children: ReactNode }) {
  if (await getSession()) redirect("/todos");
  return (
    <main className="mx-auto flex min-h-dvh w-full max-w-md flex-col justify-center px-4 py-10">
      <p className="mb-6 text-center">
        <Logo size="lg" />
      </p>
      <div className="space-y-5 rounded-xl border border-line bg-surface p-6 shadow-sm">{children}</div>
    </main>
  );
}
