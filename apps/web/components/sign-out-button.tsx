"use client";

import { LogOut } from "lucide-react";
import { useState, useTransition } from "react";

import { UNREACHABLE_MESSAGE } from "@/lib/failure-messages";

import { Button } from "./button";

/** Better Auth's browser client (about 50 KB of script) is loaded at the click, not parsed and run at every page load. */
const loadAuthClient = () => import("@/lib/auth-client");

export function SignOutButton() {
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function signOut() {
    setFailure(null);
    startTransition(async () => {
      const client = await loadAuthClient().catch(() => null);
      if (!client) {
        setFailure(UNREACHABLE_MESSAGE);
        return;
      }
      const { authClient, leaveSignedInPages, runAuthCall } = client;
      const outcome = await runAuthCall((observer) => authClient.signOut({ fetchOptions: observer }));
      if (!outcome.ok) {
        setFailure(outcome.failure.message);
        return;
      }
      // Drafts kept for this tab go with the session that wrote them.
      sessionStorage.clear();
      leaveSignedInPages("/sign-in?reason=signed-out");
    });
  }

  return (
    <span className="inline-flex items-center gap-2">
      <Button variant="quiet" onClick={signOut} pending={pending} pendingLabel="Signing out…">
        {/* An icon on a phone, where the header has one line for the logo, the links and this. */}
        <LogOut aria-hidden="true" className="size-4 sm:hidden" />
        <span className="max-sm:sr-only">Sign out</span>
      </Button>
      {failure && (
        <span role="alert" className="text-sm text-danger">
          {failure}
        </span>
      )}
    </span>
  );
}
