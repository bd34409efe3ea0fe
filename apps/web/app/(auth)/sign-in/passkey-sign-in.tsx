"use client";

import { useCallback, useEffect, useState, useTransition } from "react";

import { Button } from "@/components/button";
import { Notice } from "@/components/notice";
import { type AuthOutcome, authClient, enterSignedInPages, runAuthCall } from "@/lib/auth-client";
import { describePasskeySignInFailure, failedInBrowser } from "@/lib/passkey-failures";

function signInWithPasskey(autoFill: boolean): Promise<AuthOutcome<unknown>> {
  return runAuthCall((observer) => authClient.signIn.passkey({ autoFill, fetchOptions: observer }));
}

/**
 * Sign-in with a passkey: the button asks the browser for any passkey of this site, and where the
 * browser offers it, its autofill lists them under the email field (`autocomplete="username webauthn"`
 * in the form above) until the person picks one or uses the button.
 */
export function PasskeySignIn({ destination }: { destination: string }) {
  const [supported, setSupported] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  // Pending while the browser and the server check the passkey.
  const [pending, startTransition] = useTransition();

  // An autofill request waits until a passkey is picked; a click on the button cancels it (a failure in
  // the browser, not shown) and starts it again once the button's request has failed.
  const listenForAutofill = useCallback(async () => {
    if (!(await PublicKeyCredential.isConditionalMediationAvailable?.())) return;
    const outcome = await signInWithPasskey(true);
    if (outcome.ok) enterSignedInPages(destination);
    else if (!failedInBrowser(outcome.failure.code))
      setFailure(describePasskeySignInFailure(outcome.failure));
  }, [destination]);

  useEffect(() => {
    if (typeof window.PublicKeyCredential !== "function") return;
    setSupported(true);
    void listenForAutofill();
  }, [listenForAutofill]);

  function signIn() {
    setFailure(null);
    startTransition(async () => {
      const outcome = await signInWithPasskey(false);
      if (outcome.ok) {
        enterSignedInPages(destination);
        return;
      }
      setFailure(describePasskeySignInFailure(outcome.failure));
      void listenForAutofill();
    });
  }

  if (!supported) return null;
  return (
    <div className="space-y-3 border-t border-line pt-4">
      {failure && <Notice tone="error">{failure}</Notice>}
      <Button className="w-full" onClick={signIn} pending={pending} pendingLabel="Waiting for your passkey…">
        Sign in with a passkey
      </Button>
    </div>
  );
}
