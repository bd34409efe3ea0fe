import { useEffect, useState } from "react";

import { type FormValues, useCheckedForm, type Validator } from "@/components/use-checked-form";
import { type AuthFailure, type AuthOutcome, enterSignedInPages } from "@/lib/auth-client";
import { tooManyWhat, waitMessage } from "@/lib/failure-messages";

/** Whole seconds from now until `until` (a `Date.now()` time); 0 once it has passed, or for none. */
function secondsUntil(until: number | null): number {
  return until === null ? 0 : Math.max(0, Math.ceil((until - Date.now()) / 1000));
}

/** `secondsUntil(until)`, counted down once a second. */
function useSecondsUntil(until: number | null): number {
  const [left, setLeft] = useState(() => secondsUntil(until));
  useEffect(() => {
    setLeft(secondsUntil(until));
    if (until === null) return;
    const timer = setInterval(() => setLeft(secondsUntil(until)), 1000);
    return () => clearInterval(timer);
  }, [until]);
  return left;
}

interface AuthFormOptions<Name extends string> {
  names: readonly Name[];
  validate: Validator<Name>;
  send: (values: FormValues<Name>) => Promise<AuthOutcome<unknown>>;
  /** Where to go once signed in; null stays, for a form that shows what comes next itself. */
  destination: string | null;
  /** The field a failure concerns, to show it there; null shows it above the form. */
  fieldOf?: (failure: AuthFailure) => Name | null;
}

/** Validation, sending, server errors and the pending state shared by the sign-in and sign-up forms. */
export function useAuthForm<Name extends string>({
  names,
  validate,
  send,
  destination,
  fieldOf,
}: AuthFormOptions<Name>) {
  const [succeeded, setSucceeded] = useState(false);
  // After a 429 the form counts down to when an attempt may succeed, and waits until then.
  const [retryAt, setRetryAt] = useState<number | null>(null);
  const [waitFor, setWaitFor] = useState<string | null>(null);
  const secondsToWait = useSecondsUntil(retryAt);
  // Pending while the call is out; a success then loads the destination as a new document.
  const checkedForm = useCheckedForm(names, validate, async (values, _form, showErrors) => {
    const outcome = await send(values);
    const retryAfterSeconds = outcome.ok ? null : outcome.failure.retryAfterSeconds;
    setRetryAt(retryAfterSeconds === null ? null : Date.now() + retryAfterSeconds * 1000);
    setWaitFor(outcome.ok ? null : outcome.failure.code);
    if (outcome.ok) {
      setSucceeded(true);
      if (destination !== null) enterSignedInPages(destination);
      return null;
    }
    const field = fieldOf?.(outcome.failure);
    const onField = field ? showErrors({ [field]: outcome.failure.message }) : false;
    return onField ? null : outcome.failure.message;
  });

  const waiting = retryAt !== null && secondsToWait > 0;
  return {
    ...checkedForm,
    failure: waiting
      ? waitMessage(secondsToWait, tooManyWhat(waitFor))
      : retryAt === null
        ? checkedForm.failure
        : null,
    waiting,
    succeeded,
  };
}
