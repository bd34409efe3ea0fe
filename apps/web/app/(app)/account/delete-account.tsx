"use client";

import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState, useTransition } from "react";

import { Button } from "@/components/button";
import { PasswordField } from "@/components/form-fields";
import { Notice } from "@/components/notice";
import {
  deleteAccount,
  errorMessage,
  listLists,
  type SharedListsOnDeletion,
  type TodoList,
} from "@/lib/api-client";
import { leaveSignedInPages } from "@/lib/auth-client";

/** The lists that would be left without an owner, as the API says: the user is their only owner, and others are in them. */
async function listsOwnedAlone(): Promise<TodoList[]> {
  return (await listLists()).filter((list) => list.needs_an_heir);
}

export function DeleteAccount({ userId }: { userId: string }) {
  const [confirming, setConfirming] = useState(false);
  const [sharedLists, setSharedLists] = useState<SharedListsOnDeletion>("hand_over");
  // Asked when the person starts to delete, so that the question names the lists as they are then.
  const ownedAlone = useQuery({
    queryKey: ["lists", "owned-alone", userId],
    queryFn: listsOwnedAlone,
    enabled: confirming,
    staleTime: 0,
  });
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
        await deleteAccount(password, sharedLists);
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
        This erases your account and your lists that nobody else is in, with their todos, and signs you out on
        every device. What you added to lists others keep stays in them. It cannot be undone.
      </p>
      {confirming ? (
        <form noValidate onSubmit={submit} className="space-y-3">
          {failure && <Notice tone="error">{failure}</Notice>}
          {ownedAlone.isError && (
            <Notice tone="error">
              Your shared lists could not be read: {errorMessage(ownedAlone.error)} Cancel and try again.
            </Notice>
          )}
          {ownedAlone.data && ownedAlone.data.length > 0 && (
            <fieldset className="space-y-2 text-sm">
              <legend className="mb-1 font-medium">
                You are the only owner of {ownedAlone.data.map((list) => `“${list.name}”`).join(", ")}, which
                others are in. What should become of {ownedAlone.data.length === 1 ? "it" : "them"}?
              </legend>
              {(
                [
                  [
                    "hand_over",
                    "Hand each to its next member (an editor before a viewer), who becomes its owner",
                  ],
                  ["delete", "Delete them with all their todos, for everyone in them"],
                ] as const
              ).map(([value, label]) => (
                <label key={value} className="flex items-start gap-2">
                  <input
                    type="radio"
                    name="shared-lists"
                    value={value}
                    checked={sharedLists === value}
                    onChange={() => setSharedLists(value)}
                    className="mt-0.5 accent-primary"
                  />
                  {label}
                </label>
              ))}
            </fieldset>
          )}
          <PasswordField
            label="Your password"
            name="password"
            autoComplete="current-password"
            autoFocus
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
          <div className="flex flex-wrap gap-2">
            <Button
              type="submit"
              variant="danger"
              pending={pending}
              pendingLabel="Deleting account…"
              disabled={ownedAlone.isPending || ownedAlone.isError}
            >
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
