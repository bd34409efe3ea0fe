const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** A moment in the reader's own locale and time zone, e.g. "3 Mar 2026, 14:30". */
export function formatDateTime(value: Date | string): string {
  return dateTimeFormat.format(new Date(value));
}
