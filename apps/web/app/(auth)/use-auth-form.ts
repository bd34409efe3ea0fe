import { useRouter } from "next/navigation";
import { useState } from "react";

import { type FormValues, useCheckedForm, type Validator } from "@/components/use-field-errors";
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
export function useAuthForm<Name extends string>({
  names,
  validate,
  send,
  destination,
  fieldOf,
}: AuthFormOptions<Name>) {
  const router = useRouter();
  const [succeeded, setSucceeded] = useState(false);
  // The transition stays pending through the navigation, so the button does too.
  const checkedForm = useCheckedForm(names, validate, async (values, form, showErrors) => {
    const outcome = await send(values);
    if (outcome.ok) {
      setSucceeded(true);
      router.replace(destination);
      return null;
    }
    const field = fieldOf?.(outcome.failure);
    const onField = field ? showErrors(form, { [field]: outcome.failure.message }) : false;
    return onField ? null : outcome.failure.message;
  });

  return { ...checkedForm, succeeded };
}
