"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useId, useState, useTransition } from "react";

import { Button } from "@/components/button";
import { CurrentPasswordField, SecondFactorCodeField, TextField } from "@/components/form-fields";
import { formatDateTime } from "@/components/format-date-time";
import { Notice } from "@/components/notice";
import { useCheckedForm } from "@/components/use-checked-form";
import { authClient, confirmIdentity, runAuthCall } from "@/lib/auth-client";
import { currentPasswordError, secondFactorCodeError } from "@/lib/credentials";
import { describePasskeyRegistrationFailure } from "@/lib/passkey-failures";
import { PASSKEY_NAME_MAX_LENGTH, passkeyNameProblem } from "@/lib/passkey-names";

import { failureToShow, succeeded } from "./auth-outcome";
import { type Feedback, ListFeedback, LoadFailure } from "./list-feedback";

type Passkey = NonNullable<
  Awaited<ReturnType<typeof authClient.passkey.listUserPasskeys>>["data"]
>[number] & {
  /** Set at each sign-in with it (lib/server/passkeys.ts); null until the first. */
  lastUsedAt?: Date | string | null;
};

const NAME_FIELDS = ["name"] as const;
const validateName = ({ name }: { name: string }) => ({ name: passkeyNameProblem(name) ?? undefined });
const NEW_PASSKEY_FIELDS = ["name", "currentPassword", "secondFactorCode"] as const;

function newestFirst(passkeys: Passkey[]): Passkey[] {
  return [...passkeys].sort((a, b) => new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime());
}

/** The account's passkeys: added here, each named, renamed or removed; used on the sign-in page. */
export function Passkeys({ twoFactorEnabled }: { twoFactorEnabled: boolean }) {
  const router = useRouter();
  const [passkeys, setPasskeys] = useState<Passkey[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [feedback, setFeedback] = useState<Feedback | null>(null);

  const load = useCallback(async () => {
    setLoadError(null);
    const outcome = await runAuthCall((observer) =>
      authClient.passkey.listUserPasskeys({ fetchOptions: observer }),
    );
    if (succeeded(outcome, setLoadError)) setPasskeys(newestFirst(outcome.data));
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  /**
   * Shows what an action came to and, once it changed something, the list as it now is (and the
   * page's list of sign-in methods, rendered on the server).
   */
  async function settle(result: Feedback) {
    setFeedback(result);
    if (result.tone !== "success") return;
    await load();
    router.refresh();
  }

  return (
    <section
      aria-labelledby="passkeys-heading"
      className="space-y-4 rounded-xl border border-line bg-surface p-4 shadow-sm sm:p-6"
    >
      <h2 id="passkeys-heading" className="text-lg font-semibold">
        Passkeys
      </h2>
      <p className="text-sm text-ink-soft">
        A passkey signs you in with your device's fingerprint, face or PIN instead of your password. Your
        password keeps working too.
      </p>
      <ListFeedback feedback={feedback} />
      {loadError && <LoadFailure message={loadError} onRetry={() => void load()} />}
      {!loadError && passkeys === null && <p className="text-sm text-muted">Loading passkeys…</p>}
      {passkeys?.length === 0 && <p className="text-sm text-muted">You have no passkeys yet.</p>}
      {passkeys && passkeys.length > 0 && (
        <ul className="divide-y divide-line">
          {passkeys.map((passkey) => (
            <PasskeyRow key={passkey.id} passkey={passkey} only={passkeys.length === 1} onSettled={settle} />
          ))}
        </ul>
      )}
      <AddPasskey twoFactorEnabled={twoFactorEnabled} onSettled={settle} />
    </section>
  );
}

type Settle = (result: Feedback) => Promise<void>;

/**
 * Confirms the password and the second factor where it is on (a borrowed session must not add a
 * passkey of its own), registers a passkey,
 * then names it: a name given at registration would also become the account name that the device
 * shows when it offers the passkey, where the email is what people recognise.
 */
function AddPasskey({ twoFactorEnabled, onSettled }: { twoFactorEnabled: boolean; onSettled: Settle }) {
  const { errors, field, failure, pending, onSubmit } = useCheckedForm(
    NEW_PASSKEY_FIELDS,
    ({ name, currentPassword, secondFactorCode }) => ({
      ...validateName({ name }),
      currentPassword: currentPasswordError(currentPassword),
      secondFactorCode: secondFactorCodeError(secondFactorCode, twoFactorEnabled),
    }),
    async ({ name, currentPassword, secondFactorCode }, form) => {
      const newName = name.trim();
      const confirmed = await confirmIdentity(currentPassword, secondFactorCode);
      if (!confirmed.ok) return confirmed.failure.message;
      const added = await runAuthCall((observer) =>
        authClient.passkey.addPasskey({ fetchOptions: observer }),
      );
      if (!added.ok) return failureToShow(added.failure, describePasskeyRegistrationFailure);
      const named = await runAuthCall((observer) =>
        authClient.passkey.updatePasskey({ id: added.data.id, name: newName, fetchOptions: observer }),
      );
      form.reset();
      await onSettled(
        named.ok
          ? { tone: "success", text: `Added the passkey “${newName}”.` }
          : { tone: "error", text: `The passkey was added, but not named: ${named.failure.message}` },
      );
      return null;
    },
  );

  return (
    <form noValidate aria-label="Add a passkey" onSubmit={onSubmit} className="space-y-3">
      {failure && <Notice tone="error">{failure}</Notice>}
      <TextField
        label="Name of the new passkey"
        hint="Which device or password manager holds it, e.g. “Work laptop”."
        maxLength={PASSKEY_NAME_MAX_LENGTH}
        required
        error={errors.name}
        {...field("name")}
      />
      <CurrentPasswordField error={errors.currentPassword} {...field("currentPassword")} />
      {twoFactorEnabled && (
        <SecondFactorCodeField error={errors.secondFactorCode} {...field("secondFactorCode")} />
      )}
      <Button type="submit" pending={pending} pendingLabel="Waiting for your device…">
        Add a passkey
      </Button>
    </form>
  );
}

interface PasskeyRowProps {
  passkey: Passkey;
  /** The account's only passkey: removing it leaves the password as the one way in. */
  only: boolean;
  onSettled: Settle;
}

function PasskeyRow({ passkey, only, onSettled }: PasskeyRowProps) {
  const nameId = useId();
  const [mode, setMode] = useState<"shown" | "renaming" | "removing">("shown");
  const name = passkey.name || "Unnamed passkey";

  return (
    <li data-testid="passkey-item" className="space-y-3 py-3">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <div className="min-w-0 flex-1 space-y-0.5">
          <p className="font-medium break-words" id={nameId}>
            {name}
          </p>
          <p className="text-sm text-muted">
            Added {formatDateTime(passkey.createdAt)} ·{" "}
            {passkey.lastUsedAt
              ? `Last used ${formatDateTime(passkey.lastUsedAt)}`
              : "Not used to sign in yet"}
          </p>
        </div>
        {mode === "shown" && (
          <div className="flex gap-2">
            <Button aria-describedby={nameId} onClick={() => setMode("renaming")}>
              Rename
            </Button>
            <Button aria-describedby={nameId} onClick={() => setMode("removing")}>
              Remove
            </Button>
          </div>
        )}
      </div>
      {mode === "renaming" && (
        <RenamePasskey passkey={passkey} name={name} onDone={() => setMode("shown")} onSettled={onSettled} />
      )}
      {mode === "removing" && (
        <RemovePasskey
          passkey={passkey}
          name={name}
          only={only}
          onDone={() => setMode("shown")}
          onSettled={onSettled}
        />
      )}
    </li>
  );
}

interface PasskeyActionProps {
  passkey: Passkey;
  name: string;
  /** Back to the row as shown (cancelled, or done). */
  onDone: () => void;
  onSettled: Settle;
}

function RenamePasskey({ passkey, name, onDone, onSettled }: PasskeyActionProps) {
  const { errors, field, failure, pending, onSubmit } = useCheckedForm(
    NAME_FIELDS,
    validateName,
    async (values) => {
      const newName = values.name.trim();
      const outcome = await runAuthCall((observer) =>
        authClient.passkey.updatePasskey({ id: passkey.id, name: newName, fetchOptions: observer }),
      );
      if (!outcome.ok) return failureToShow(outcome.failure);
      onDone();
      await onSettled({ tone: "success", text: `Renamed the passkey “${name}” to “${newName}”.` });
      return null;
    },
    { name: passkey.name ?? "" },
  );

  return (
    <form noValidate aria-label={`Rename ${name}`} onSubmit={onSubmit} className="space-y-3">
      {failure && <Notice tone="error">{failure}</Notice>}
      <TextField
        label="New name"
        maxLength={PASSKEY_NAME_MAX_LENGTH}
        required
        autoFocus
        error={errors.name}
        {...field("name")}
      />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="primary" pending={pending} pendingLabel="Saving…">
          Save name
        </Button>
        <Button onClick={onDone} disabled={pending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function RemovePasskey({ passkey, name, only, onDone, onSettled }: PasskeyActionProps & { only: boolean }) {
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function remove() {
    setFailure(null);
    startTransition(async () => {
      const outcome = await runAuthCall((observer) =>
        authClient.passkey.deletePasskey({ id: passkey.id, fetchOptions: observer }),
      );
      if (!succeeded(outcome, setFailure)) return;
      onDone();
      await onSettled({ tone: "success", text: `Removed the passkey “${name}”.` });
    });
  }

  return (
    <div className="space-y-3 rounded-md border border-danger/30 bg-danger/10 p-3">
      {failure && <Notice tone="error">{failure}</Notice>}
      <p className="text-sm text-ink">
        Remove “{name}”? It will no longer sign you in, on any device.
        {only && " It is your only passkey: afterwards you sign in with your email and password."}
      </p>
      <div className="flex flex-wrap gap-2">
        <Button variant="danger" onClick={remove} pending={pending} pendingLabel="Removing…">
          Remove passkey
        </Button>
        <Button onClick={onDone} disabled={pending}>
          Cancel
        </Button>
      </div>
    </div>
  );
}
