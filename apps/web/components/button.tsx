import type { ComponentProps } from "react";

const VARIANT_CLASSES = {
  primary: "bg-indigo-600 text-white hover:bg-indigo-700 disabled:bg-indigo-400",
  secondary: "border border-line-strong bg-surface text-ink hover:bg-subtle disabled:text-faint",
  danger: "bg-red-700 text-white hover:bg-red-800 disabled:bg-red-400",
  quiet: "text-ink-soft hover:bg-subtle disabled:text-faint",
} as const;

type ButtonVariant = keyof typeof VARIANT_CLASSES;

/** `small` for an action among others on a line of text (the counts' "Clear completed"). */
const SIZE_CLASSES = { normal: "min-h-10 px-4 py-2", small: "min-h-8 px-2 py-1" } as const;

interface ButtonProps extends ComponentProps<"button"> {
  variant?: ButtonVariant;
  size?: keyof typeof SIZE_CLASSES;
  /** While true the button is disabled and shows `pendingLabel`, so a form cannot be sent twice. */
  pending?: boolean;
  pendingLabel?: string;
}

function buttonClasses(variant: ButtonVariant, size: keyof typeof SIZE_CLASSES, extra: string): string {
  return `inline-flex items-center justify-center gap-2 rounded-md text-sm font-medium transition-colors disabled:cursor-not-allowed ${SIZE_CLASSES[size]} ${VARIANT_CLASSES[variant]} ${extra}`;
}

export function Button({
  variant = "secondary",
  size = "normal",
  pending = false,
  pendingLabel,
  disabled,
  className = "",
  type = "button",
  children,
  ...props
}: ButtonProps) {
  return (
    <button
      type={type}
      disabled={disabled || pending}
      aria-busy={pending || undefined}
      className={buttonClasses(variant, size, className)}
      {...props}
    >
      {pending && pendingLabel ? pendingLabel : children}
    </button>
  );
}
