/**
 * A formatter built at its first use: building one takes tens of milliseconds on a slow phone, which
 * at the module's load would block every page that imports this, dates shown or not.
 */
function lazyFormat(options: Intl.DateTimeFormatOptions): (date: Date) => string {
  let formatter: Intl.DateTimeFormat | undefined;
  return (date) => {
    formatter ??= new Intl.DateTimeFormat(undefined, options);
    return formatter.format(date);
  };
}

const formatDateAndTime = lazyFormat({ dateStyle: "medium", timeStyle: "short" });
const formatTime = lazyFormat({ timeStyle: "short" });
const formatDate = lazyFormat({ dateStyle: "medium" });
// A due day of this year goes without its year, so that a row keeps to one line on a phone.
const formatDayOfThisYear = lazyFormat({ month: "short", day: "numeric" });
const formatDayAndTimeOfThisYear = lazyFormat({
  month: "short",
  day: "numeric",
  hour: "numeric",
  minute: "2-digit",
});
const RELATIVE_DAYS: Record<number, string> = { [-1]: "yesterday", 0: "today", 1: "tomorrow" };

/** A moment in the reader's own locale and time zone, e.g. "3 Mar 2026, 14:30". */
export function formatDateTime(value: Date | string): string {
  return formatDateAndTime(new Date(value));
}

/** Calendar days from `now` to `date` in the reader's time zone (daylight-saving days included). */
function daysBetween(now: Date, date: Date): number {
  const midnight = (moment: Date) =>
    new Date(moment.getFullYear(), moment.getMonth(), moment.getDate()).getTime();
  return Math.round((midnight(date) - midnight(now)) / 86_400_000);
}

/**
 * A due moment as people say it: "today, 14:30", "tomorrow, 09:00", "yesterday, 17:00", else the date,
 * with its year only when that is not this one.
 */
export function formatDue(value: Date | string, now: Date = new Date()): string {
  const date = new Date(value);
  const relative = RELATIVE_DAYS[daysBetween(now, date)];
  if (relative) return `${relative}, ${formatTime(date)}`;
  return date.getFullYear() === now.getFullYear() ? formatDayAndTimeOfThisYear(date) : formatDateTime(date);
}

export function twoDigits(value: number): string {
  return String(value).padStart(2, "0");
}

/** A moment's calendar day in the reader's time zone, as the API and date inputs write days ("2026-03-03"). */
export function dayText(date: Date): string {
  return `${date.getFullYear()}-${twoDigits(date.getMonth() + 1)}-${twoDigits(date.getDate())}`;
}

/** A moment's time of day in the reader's time zone, as time inputs write it ("14:30"). */
export function timeText(date: Date): string {
  return `${twoDigits(date.getHours())}:${twoDigits(date.getMinutes())}`;
}

/** A calendar day ("2026-03-03") as local midnight of that day, or null when it names no real day. */
export function localDay(text: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(year, month - 1, day);
  return date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day ? date : null;
}

/**
 * A due day without a time, in the reader's calendar: "today", "tomorrow", "yesterday", else the date,
 * with its year only when that is not this one.
 */
export function formatDueDay(text: string, now: Date = new Date()): string {
  const date = localDay(text);
  if (!date) return text;
  const relative = RELATIVE_DAYS[daysBetween(now, date)];
  if (relative) return relative;
  return date.getFullYear() === now.getFullYear() ? formatDayOfThisYear(date) : formatDate(date);
}

/** Whether a todo's due moment or due day is behind the reader: a due day is overdue from the next day on. */
export function isPastDue(
  due: { due_at: string | null; due_date: string | null },
  now: Date = new Date(),
): boolean {
  if (due.due_at) return new Date(due.due_at).getTime() < now.getTime();
  const day = due.due_date ? localDay(due.due_date) : null;
  return day !== null && daysBetween(now, day) < 0;
}
