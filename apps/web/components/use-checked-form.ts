import { useState, useTransition } from "react";
import { type FieldError, type Resolver, type UseFormReturn, useForm } from "react-hook-form";

export type FormValues<Name extends string> = Record<Name, string>;
export type FieldErrors<Name extends string> = Partial<Record<Name, string>>;
/** What is wrong with each field, in the words shown under it; the checks of `lib/credentials.ts` and the todo form. */
export type Validator<Name extends string> = (values: FormValues<Name>) => FieldErrors<Name>;
/** Shows the server's verdicts on named fields and focuses the first; false when none concerns this form's fields. */
type ShowErrors = (found: Readonly<Partial<Record<string, string>>>) => boolean;

/** A validator as react-hook-form's resolver: valid values, or an error per field that has a message. */
function resolverOf<Name extends string>(validate: Validator<Name>): Resolver<FormValues<string>> {
  return (values) => {
    const errors = Object.entries(validate(values as FormValues<Name>))
      .filter(([, message]) => message)
      .map(([name, message]) => [name, { type: "validate", message } as FieldError]);
    return errors.length === 0 ? { values, errors: {} } : { values: {}, errors: Object.fromEntries(errors) };
  };
}

/**
 * A react-hook-form form of text controls named after `names`, checked in the browser, then sent. A
 * field is checked when the user leaves it, every field when the form is sent (the focus going to the
 * first field in error); a field showing an error is checked again on every change (the browser's
 * verdicts on any field's change, as one may depend on another field), so the error goes while it is
 * being fixed, not when the user clicks on (the layout would move under the click).
 * `send` gets the valid values inside a transition (the form is `pending` until it settles, navigation
 * included) and returns the message to show above the form, or null when there is none (success, or
 * errors it put on fields with `showErrors`).
 */
export function useCheckedForm<Name extends string>(
  names: readonly Name[],
  validate: Validator<Name>,
  send: (
    values: FormValues<Name>,
    form: UseFormReturn<FormValues<string>>,
    showErrors: ShowErrors,
  ) => Promise<string | null>,
  initialValues: Partial<FormValues<Name>> = {},
) {
  const form = useForm<FormValues<string>>({
    defaultValues: { ...Object.fromEntries(names.map((name) => [name, ""])), ...initialValues },
    resolver: resolverOf(validate),
    // react-hook-form checks on submit only; `field` below adds the checks on leaving and on editing.
    mode: "onSubmit",
    reValidateMode: "onSubmit",
  });
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const shownError = (name: Name) => form.getFieldState(name).error;

  /** The props that bind the control called `name` to the form. */
  const field = (name: Name) =>
    form.register(name, {
      // Leaving an empty field the user has not touched yet is not a mistake; a field that shows an
      // error keeps it until its value changes (a server's verdict too, so its link can be followed).
      onBlur: (event: { target: { value: string } }) => {
        if (event.target.value !== "" && !shownError(name)) void form.trigger(name);
      },
      // A check may span fields (a time needs its day), so the browser's other verdicts shown are
      // checked again too; the server's stay until their own field changes.
      onChange: () => {
        const recheck = names.filter((other) =>
          other === name ? shownError(other) : shownError(other)?.type === "validate",
        );
        if (recheck.length > 0) void form.trigger(recheck);
      },
    });

  const showErrors: ShowErrors = (found) => {
    const concerned = names.filter((name) => found[name]);
    concerned.forEach((name, index) => {
      form.setError(name, { type: "server", message: found[name] }, { shouldFocus: index === 0 });
    });
    return concerned.length > 0;
  };

  const onSubmit = form.handleSubmit((values) => {
    setFailure(null);
    startTransition(async () => {
      const message = await send(values as FormValues<Name>, form, showErrors);
      if (message !== null) setFailure(message);
    });
  });

  const { errors: fieldErrors } = form.formState;
  const errors = Object.fromEntries(
    names.map((name) => [name, fieldErrors[name]?.message]),
  ) as FieldErrors<Name>;
  return { form, field, errors, failure, pending, onSubmit, showErrors };
}
