import type { ReactNode } from "react";

interface DisclosureButtonProps {
  /** Whether the part it shows and hides is shown. */
  expanded: boolean;
  /** The id of that part. */
  controls: string;
  onToggle: () => void;
  /** Placement (margins, alignment, visibility per screen size). */
  className?: string;
  children: ReactNode;
}

/** A link-coloured button that shows and hides a part of the page, with a chevron that turns with it. */
export function DisclosureButton({
  expanded,
  controls,
  onToggle,
  className = "",
  children,
}: DisclosureButtonProps) {
  return (
    <button
      type="button"
      aria-expanded={expanded}
      aria-controls={controls}
      onClick={onToggle}
      className={`rounded-md text-sm font-medium text-link hover:text-link-hover ${className}`}
    >
      {children}{" "}
      <span
        aria-hidden="true"
        className={`inline-block transition-transform ${expanded ? "rotate-180" : ""}`}
      >
        ▾
      </span>
    </button>
  );
}
