"use client";

import { useState, useTransition } from "react";

import { authClient, leaveSignedInPages, runAuthCall } from "@/lib/auth-client";

import { Button } from "./button";

export function SignOutButton() {
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function signOut() {
    setFailure(null);
    startTransition(async () => {
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
        Sign out
      </Button>
      {failure && (
        <span role="alert" className="text-sm text-danger">
          {failure}
        </span>
      )}
    </span>
  );
}
