import { type FocusEvent, type FormEvent, useState, useTransition } from "react";

export type FieldErrors<Name extends string> = Partial<Record<Name, string>>;
export type FormValues<Name extends string> = Record<Name, string>;
export type Validator<Name extends string> = (values: FormValues<Name>) => FieldErrors<Name>;

type FormControl = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

export function valuesOf<Name extends string>(
  form: HTMLFormElement,
  names: readonly Name[],
): FormValues<Name> {
  const data = new FormData(form);
  return Object.fromEntries(names.map((name) => [name, String(data.get(name) ?? "")])) as FormValues<Name>;
}

/** Moves the keyboard focus to the form's control called `name`, if there is one. */
export function focusField(form: HTMLFormElement, name: string): void {
  const control = form.elements.namedItem(name);
  if (control instanceof HTMLElement) control.focus();
}

/**
 * Inline validation for a form of uncontrolled controls named after `names`: a field is checked when
 * the user leaves it, every field when the form is sent; a field showing an error is checked again on
 * every change, so the error goes while it is being fixed, not when the user clicks on (the layout
 * would move under the click).
 */
function useFieldErrors<Name extends string>(names: readonly Name[], validate: Validator<Name>) {
  const [errors, setErrors] = useState<FieldErrors<Name>>({});

  function checkField(event: FocusEvent<FormControl>) {
    const { name, value, form } = event.currentTarget;
    const field = name as Name;
    // Leaving an empty field the user has not touched yet is not a mistake; a field that shows an
    // error keeps it until its value changes (a server's verdict too).
    if (!form || value === "" || errors[field]) return;
    const error = validate(valuesOf(form, names))[field];
    setErrors((current) => ({ ...current, [field]: error }));
  }

  /** The form's onChange: a field that shows an error is checked again as it is edited. */
  function recheckField(event: FormEvent<HTMLFormElement>) {
    const field = (event.target as FormControl).name as Name;
    if (!errors[field]) return;
    const error = validate(valuesOf(event.currentTarget, names))[field];
    setErrors((current) => ({ ...current, [field]: error }));
  }

  /**
   * Shows these errors (client checks, or the server's verdict on named fields) in place of the
   * current ones and focuses the first field concerned. False when none concerns a field of this form.
   */
  function showErrors(form: HTMLFormElement, found: Readonly<Partial<Record<string, string>>>): boolean {
    const concerned = names.filter((name) => found[name]);
    setErrors(Object.fromEntries(concerned.map((name) => [name, found[name]])) as FieldErrors<Name>);
    if (concerned.length === 0) return false;
    focusField(form, concerned[0]);
    return true;
  }

  /** The form's values when they are valid; otherwise shows what is wrong. */
  function checkForm(form: HTMLFormElement): FormValues<Name> | null {
    const values = valuesOf(form, names);
    return showErrors(form, validate(values)) ? null : values;
  }

  return { errors, checkField, recheckField, checkForm, showErrors };
}

type ShowErrors = (form: HTMLFormElement, found: Readonly<Partial<Record<string, string>>>) => boolean;

/**
 * A form checked in the browser, then sent: `send` gets the valid values inside a transition (the
 * form is `pending` until it settles) and returns the message to show above the form, or null when
 * there is none (success, or errors it put on fields with `showErrors`).
 */
export function useCheckedForm<Name extends string>(
  names: readonly Name[],
  validate: Validator<Name>,
  send: (values: FormValues<Name>, form: HTMLFormElement, showErrors: ShowErrors) => Promise<string | null>,
) {
  const { errors, checkField, recheckField, checkForm, showErrors } = useFieldErrors(names, validate);
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const values = checkForm(form);
    if (!values) return;
    setFailure(null);
    startTransition(async () => {
      const message = await send(values, form, showErrors);
      if (message !== null) setFailure(message);
    });
  }

  return { errors, checkField, recheckField, failure, pending, onSubmit };
}
