"use client";

import { type FormEvent, useState, useTransition } from "react";

import { Button } from "@/components/button";
import { PasswordField } from "@/components/form-fields";
import { Notice } from "@/components/notice";
import { deleteAccount, errorMessage } from "@/lib/api-client";
import { leaveSignedInPages } from "@/lib/auth-client";

export function DeleteAccount() {
  const [confirming, setConfirming] = useState(false);
  const [password, setPassword] = useState("");
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function cancel() {
    setConfirming(false);
    setPassword("");
    setFailure(null);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!password) {
      setFailure("Enter your password to delete your account.");
      return;
    }
    setFailure(null);
    startTransition(async () => {
      try {
        await deleteAccount(password);
        leaveSignedInPages("/sign-up?deleted=1");
      } catch (error) {
        setFailure(errorMessage(error));
      }
    });
  }

  return (
    <section
      aria-labelledby="delete-account-heading"
      className="space-y-4 rounded-xl border border-danger/30 bg-surface p-4 shadow-sm sm:p-6"
    >
      <h2 id="delete-account-heading" className="text-lg font-semibold text-danger">
        Delete account
      </h2>
      <p className="text-sm text-ink-soft">
        This erases all your todos and your account, and signs you out on every device. It cannot be undone.
      </p>
      {confirming ? (
        <form noValidate onSubmit={submit} className="space-y-3">
          {failure && <Notice tone="error">{failure}</Notice>}
          <PasswordField
            label="Your password"
            name="password"
            autoComplete="current-password"
            autoFocus
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
          <div className="flex flex-wrap gap-2">
            <Button type="submit" variant="danger" pending={pending} pendingLabel="Deleting account…">
              Permanently delete account
            </Button>
            <Button onClick={cancel} disabled={pending}>
              Cancel
            </Button>
          </div>
        </form>
      ) : (
        <Button variant="danger" onClick={() => setConfirming(true)}>
          Delete account
        </Button>
      )}
    </section>
  );
}
