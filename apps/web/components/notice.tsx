import type { ReactNode } from "react";

const TONE_CLASSES = {
  error: "border-danger/30 bg-danger/10 text-danger",
  success: "border-success/30 bg-success/10 text-success",
  info: "border-info/30 bg-info/10 text-info",
} as const;

interface NoticeProps {
  tone: keyof typeof TONE_CLASSES;
  children: ReactNode;
  className?: string;
}

/** A message box; errors are announced at once (`alert`), the rest politely (`status`). */
export function Notice({ tone, children, className = "" }: NoticeProps) {
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={`rounded-md border px-3 py-2 text-sm ${TONE_CLASSES[tone]} ${className}`}
    >
      {children}
    </div>
  );
}
