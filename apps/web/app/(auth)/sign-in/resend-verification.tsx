"use client";

import { useState } from "react";

import { Button } from "@/components/button";
import { Notice } from "@/components/notice";
import { authClient, EMAIL_VERIFIED_PATH, runAuthCall } from "@/lib/auth-client";

/** Mails a new confirmation link to an address whose sign-in Better Auth refused as unconfirmed. */
export function ResendVerification({ email }: { email: string }) {
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);

  async function resend() {
    setPending(true);
    const result = await runAuthCall((observer) =>
      authClient.sendVerificationEmail({ email, callbackURL: EMAIL_VERIFIED_PATH }, observer),
    );
    setOutcome(
      result.ok
        ? { ok: true, message: `We sent a new link to ${email}. Follow it to sign in.` }
        : { ok: false, message: result.failure.message },
    );
    setPending(false);
  }

  return (
    <div className="space-y-2">
      {outcome && <Notice tone={outcome.ok ? "success" : "error"}>{outcome.message}</Notice>}
      <Button onClick={resend} pending={pending} pendingLabel="Sending…">
        Send the link again
      </Button>
    </div>
  );
}
