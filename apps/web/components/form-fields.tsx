"use client";

import { type ComponentProps, type ReactNode, useId, useState } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";

import { PASSWORD_MIN_LENGTH } from "@/lib/password-length";

const CONTROL_CLASSES =
  "block w-full rounded-md border bg-surface px-3 py-2 text-base text-ink shadow-xs placeholder:text-faint sm:text-sm";
const VALID_BORDER = "border-line-strong";
const INVALID_BORDER = "border-danger";

interface FieldProps {
  label: string;
  /** Shown under the control and read with it, e.g. a format or a limit; an error replaces it. */
  hint?: string;
  /** What is wrong with the value (words, perhaps with a link); marks the control invalid and is read with it. */
  error?: ReactNode;
  /** The label is read to screen readers but not shown, where a placeholder or the layout says it. */
  labelHidden?: boolean;
  className?: string;
}

/** The attributes that tie a control to its label, hint and error. */
interface ControlBinding {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
  className: string;
}

function Field({
  label,
  hint,
  error,
  labelHidden = false,
  className = "",
  children,
}: FieldProps & { children: (binding: ControlBinding) => ReactNode }) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  // The error takes the hint's place, so that one line under the control says what to do.
  const shownHint = error ? undefined : hint;
  const describedBy = [shownHint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ");
  return (
    <div className={`space-y-1 ${className}`}>
      <label htmlFor={id} className={labelHidden ? "sr-only" : "block text-sm font-medium text-ink"}>
        {label}
      </label>
      {children({
        id,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": describedBy || undefined,
        className: `${CONTROL_CLASSES} ${error ? INVALID_BORDER : VALID_BORDER}`,
      })}
      {shownHint && (
        <p id={hintId} className="text-xs text-muted">
          {shownHint}
        </p>
      )}
      {error && (
        <p id={errorId} className="text-sm text-danger">
          {error}
        </p>
      )}
    </div>
  );
}

type TextFieldProps = FieldProps & Omit<ComponentProps<"input">, "className">;

export function TextField({ label, hint, error, labelHidden, className, ...input }: TextFieldProps) {
  return (
    <Field label={label} hint={hint} error={error} labelHidden={labelHidden} className={className}>
      {(binding) => <input {...input} {...binding} />}
    </Field>
  );
}

/** A password input with a button that shows what was typed (and hides it again). */
export function PasswordField({ label, hint, error, className, ...input }: Omit<TextFieldProps, "type">) {
  const [shown, setShown] = useState(false);
  return (
    <Field label={label} hint={hint} error={error} className={className}>
      {(binding) => (
        <div className="relative">
          <input
            {...input}
            {...binding}
            type={shown ? "text" : "password"}
            className={`${binding.className} pr-16`}
          />
          <button
            type="button"
            aria-label={`Show ${label}`}
            aria-pressed={shown}
            onClick={() => setShown((current) => !current)}
            className="absolute inset-y-0 right-0 rounded-r-md px-3 text-sm font-medium text-link hover:text-link-hover"
          >
            {shown ? "Hide" : "Show"}
          </button>
        </div>
      )}
    </Field>
  );
}

/** A field's error and, in a react-hook-form form, its binding (`field(name)` of `useCheckedForm`). */
type BoundFieldProps = { error?: string } & Partial<UseFormRegisterReturn>;

interface NewPasswordFieldsProps {
  errors: Partial<Record<"password" | "confirmPassword", string>>;
  field: (name: "password" | "confirmPassword") => UseFormRegisterReturn;
  autoFocus?: boolean;
}

/** The current password, which changing the password or the email, or adding a passkey, asks for. */
export function CurrentPasswordField(props: BoundFieldProps) {
  return (
    <PasswordField
      label="Current password"
      name="currentPassword"
      autoComplete="current-password"
      required
      {...props}
    />
  );
}

/** Asked with the current password when two-factor is on: a code from the app, or a backup code. */
export function SecondFactorCodeField(props: BoundFieldProps) {
  return (
    <TextField
      label="Code from your authenticator app"
      name="secondFactorCode"
      hint="Or one of your backup codes."
      autoComplete="one-time-code"
      required
      {...props}
    />
  );
}

/** A new password and its repetition (`password`, `confirmPassword`), as every form that sets one asks. */
export function NewPasswordFields({ errors, field, autoFocus }: NewPasswordFieldsProps) {
  return (
    <>
      <PasswordField
        label="New password"
        autoComplete="new-password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        required
        autoFocus={autoFocus}
        error={errors.password}
        {...field("password")}
      />
      <PasswordField
        label="Repeat the new password"
        autoComplete="new-password"
        required
        error={errors.confirmPassword}
        {...field("confirmPassword")}
      />
    </>
  );
}

type TextAreaFieldProps = FieldProps & Omit<ComponentProps<"textarea">, "className">;

export function TextAreaField({ label, hint, error, className, ...textarea }: TextAreaFieldProps) {
  return (
    <Field label={label} hint={hint} error={error} className={className}>
      {(binding) => <textarea {...textarea} {...binding} />}
    </Field>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

type SelectFieldProps = FieldProps &
  Omit<ComponentProps<"select">, "className" | "children"> & {
    options: readonly SelectOption[];
  };

export function SelectField({
  label,
  hint,
  error,
  labelHidden,
  className,
  options,
  ...select
}: SelectFieldProps) {
  return (
    <Field label={label} hint={hint} error={error} labelHidden={labelHidden} className={className}>
      {(binding) => (
        <select {...select} {...binding} className={`${binding.className} pr-9`}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

interface SegmentedControlProps<Value extends string> {
  legend: string;
  /** The legend is read to screen readers but not shown, where the layout says what the choice is. */
  legendHidden?: boolean;
  name: string;
  options: readonly { value: Value; label: string }[];
  value: Value;
  onChange: (value: Value) => void;
  hidden?: boolean;
}

/**
 * One of a few choices as a row of segments: radio buttons underneath, so arrow keys move between them
 * and a screen reader says which of how many is chosen.
 */
export function SegmentedControl<Value extends string>({
  legend,
  legendHidden,
  name,
  options,
  value,
  onChange,
  hidden,
}: SegmentedControlProps<Value>) {
  return (
    <fieldset hidden={hidden}>
      <legend className={legendHidden ? "sr-only" : "mb-2 text-sm font-medium"}>{legend}</legend>
      <div className="flex w-fit rounded-md border border-line-strong bg-surface p-0.5 shadow-xs">
        {options.map((option) => (
          <label
            key={option.value}
            className="relative rounded px-3 py-1.5 text-sm font-medium text-ink-soft has-checked:bg-indigo-600 has-checked:text-white has-focus-visible:outline-2 has-focus-visible:outline-primary"
          >
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
              // Invisible over its segment, so that a click or tap lands on the radio button itself.
              className="absolute inset-0 size-full cursor-pointer appearance-none opacity-0"
            />
            {option.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
