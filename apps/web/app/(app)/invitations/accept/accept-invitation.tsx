"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";

import { Button } from "@/components/button";
import { Notice } from "@/components/notice";
import { acceptInvitation, errorMessage } from "@/lib/api-client";

interface AcceptInvitationProps {
  token: string;
  /** The signed-in user's address: an invitation opens only for the address it was sent to. */
  email: string;
}

export function AcceptInvitation({ token, email }: AcceptInvitationProps) {
  const accept = useMutation({ mutationFn: () => acceptInvitation(token) });
  if (accept.isSuccess) {
    return (
      <Notice tone="success">
        You joined “{accept.data.name}” as {accept.data.role}.{" "}
        <Link href={`/todos?list=${accept.data.id}`} className="font-medium text-link underline">
          Open the list
        </Link>
      </Notice>
    );
  }
  return (
    <div className="space-y-4">
      <p className="text-ink-soft">
        You were invited to a shared list. You are signed in as <strong>{email}</strong>; the invitation works
        for the address it was sent to.
      </p>
      {accept.isError && <Notice tone="error">{errorMessage(accept.error)}</Notice>}
      <Button
        variant="primary"
        onClick={() => accept.mutate()}
        pending={accept.isPending}
        pendingLabel="Joining…"
      >
        Join the list
      </Button>
    </div>
  );
}
