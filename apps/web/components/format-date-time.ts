const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });
const RELATIVE_DAYS: Record<number, string> = { [-1]: "yesterday", 0: "today", 1: "tomorrow" };

/** A moment in the reader's own locale and time zone, e.g. "3 Mar 2026, 14:30". */
export function formatDateTime(value: Date | string): string {
  return dateTimeFormat.format(new Date(value));
}

/** Calendar days from `now` to `date` in the reader's time zone (daylight-saving days included). */
function daysBetween(now: Date, date: Date): number {
  const midnight = (moment: Date) =>
    new Date(moment.getFullYear(), moment.getMonth(), moment.getDate()).getTime();
  return Math.round((midnight(date) - midnight(now)) / 86_400_000);
}

/** A due moment as people say it: "today, 14:30", "tomorrow, 09:00", "yesterday, 17:00", else the date. */
export function formatDue(value: Date | string, now: Date = new Date()): string {
  const date = new Date(value);
  const relative = RELATIVE_DAYS[daysBetween(now, date)];
  return relative ? `${relative}, ${timeFormat.format(date)}` : formatDateTime(date);
}
