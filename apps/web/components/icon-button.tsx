import type { LucideIcon } from "lucide-react";
import type { ComponentProps } from "react";

interface IconButtonProps extends Omit<ComponentProps<"button">, "aria-label" | "children"> {
  icon: LucideIcon;
  /** The button's accessible name, e.g. "Edit “Buy milk”": what it does, and to what. */
  label: string;
  /** The tooltip shown on pointing at it, e.g. "Edit"; the label when none is given. */
  tooltip?: string;
  tone?: "quiet" | "danger";
}

const TONE_CLASSES = {
  quiet: "text-muted hover:bg-subtle hover:text-ink",
  danger: "text-muted hover:bg-danger/10 hover:text-danger",
} as const;

/**
 * A square button showing an icon only: its name is read to screen readers and shown as a tooltip;
 * one that shows and hides a part (`aria-expanded`) is tinted while it is shown.
 */
export function IconButton({
  icon: Icon,
  label,
  tooltip,
  tone = "quiet",
  className = "",
  type = "button",
  ...props
}: IconButtonProps) {
  return (
    <button
      type={type}
      aria-label={label}
      title={tooltip ?? label}
      className={`inline-flex size-8 shrink-0 items-center justify-center rounded-md transition-colors disabled:cursor-not-allowed disabled:opacity-40 aria-expanded:bg-primary/10 aria-expanded:text-link ${TONE_CLASSES[tone]} ${className}`}
      {...props}
    >
      <Icon aria-hidden="true" className="size-4" />
    </button>
  );
}
