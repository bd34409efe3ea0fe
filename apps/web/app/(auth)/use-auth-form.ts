import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";

import { useFieldErrors, type FormValues, type Validator } from "@/components/use-field-errors";
import type { AuthFailure, AuthOutcome } from "@/lib/auth-client";

interface AuthFormOptions<Name extends string> {
  names: readonly Name[];
  validate: Validator<Name>;
  send: (values: FormValues<Name>) => Promise<AuthOutcome<unknown>>;
  /** Where to go once signed in. */
  destination: string;
  /** The field a failure concerns, to show it there; null shows it above the form. */
  fieldOf?: (failure: AuthFailure) => Name | null;
}

/** Validation, sending, server errors and the pending state shared by the sign-in and sign-up forms. */
export function useAuthForm<Name extends string>({ names, validate, send, destination, fieldOf }: AuthFormOptions<Name>) {
  const router = useRouter();
  const { errors, checkField, checkForm, showErrors } = useFieldErrors(names, validate);
  const [failure, setFailure] = useState<string | null>(null);
  const [succeeded, setSucceeded] = useState(false);
  const [pending, startTransition] = useTransition();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const values = checkForm(form);
    if (!values) return;
    setFailure(null);
    // The transition stays pending through the navigation, so the button does too.
    startTransition(async () => {
      const outcome = await send(values);
      if (outcome.ok) {
        setSucceeded(true);
        router.replace(destination);
        return;
      }
      const field = fieldOf?.(outcome.failure);
      if (!field || !showErrors(form, { [field]: outcome.failure.message })) {
        setFailure(outcome.failure.message);
      }
    });
  }

  return { errors, checkField, failure, succeeded, pending, onSubmit };
}
