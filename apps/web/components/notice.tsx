import type { ReactNode } from "react";

const TONE_CLASSES = {
  error: "border-red-200 bg-red-50 text-red-800",
  success: "border-emerald-200 bg-emerald-50 text-emerald-800",
  info: "border-sky-200 bg-sky-50 text-sky-900",
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
