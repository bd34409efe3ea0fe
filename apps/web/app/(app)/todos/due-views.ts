import { dayText, localDay } from "@/components/format-date-time";
import { localDateTimeToIso } from "./todo-form-values";

/**
 * The Today (overdue and due today) and Upcoming (the next 7 days, by day) views: windows of due
 * moments from the browser's clock and zone, which the API reads with `due_from` and `due_before`.
 */
export const DUE_VIEWS = ["today", "upcoming"] as const;
export type DueView = (typeof DUE_VIEWS)[number];

export const DUE_VIEW_LABELS: Record<DueView, string> = { today: "Today", upcoming: "Upcoming" };

const UPCOMING_DAYS = 7;

/** "2026-12-05" of `now` plus `days` in the browser's calendar. */
export function dayFrom(now: Date, days: number): string {
  return dayText(new Date(now.getFullYear(), now.getMonth(), now.getDate() + days));
}

/** Local midnight starting `day`, with the offset the browser has then (RFC 3339). */
function startOf(day: string): string {
  return localDateTimeToIso(`${day}T00:00`) ?? `${day}T00:00:00Z`;
}

export function dueWindow(view: DueView, now: Date = new Date()): { due_from?: string; due_before: string } {
  const tomorrow = startOf(dayFrom(now, 1));
  return view === "today"
    ? { due_before: tomorrow }
    : { due_from: tomorrow, due_before: startOf(dayFrom(now, 1 + UPCOMING_DAYS)) };
}

/** The calendar day a todo is due on, in the browser's zone. */
export function dueDayOf(todo: { due_at: string | null; due_date: string | null }): string | null {
  if (todo.due_date) return localDay(todo.due_date) ? todo.due_date : null;
  if (!todo.due_at) return null;
  return dayText(new Date(todo.due_at));
}

/** Todos in due order as runs of one day each, in that order. */
export function byDueDay<T extends { due_at: string | null; due_date: string | null }>(
  todos: readonly T[],
): { day: string; todos: T[] }[] {
  const days: { day: string; todos: T[] }[] = [];
  for (const todo of todos) {
    const day = dueDayOf(todo) ?? "";
    const last = days.at(-1);
    if (last?.day === day) last.todos.push(todo);
    else days.push({ day, todos: [todo] });
  }
  return days;
}

/** A view's todos under their day's heading: "Overdue" (all days before today as one), "Today", "Tomorrow", then weekdays. */
export function dueGroups<T extends { due_at: string | null; due_date: string | null }>(
  todos: readonly T[],
  now: Date = new Date(),
): { label: string; todos: T[] }[] {
  const today = dayFrom(now, 0);
  const tomorrow = dayFrom(now, 1);
  // Made here, not when the module loads: a formatter keeps the zone it was made in.
  const weekdayFormat = new Intl.DateTimeFormat(undefined, {
    weekday: "long",
    day: "numeric",
    month: "long",
  });
  const labelOf = (day: string) => {
    if (day < today) return "Overdue";
    if (day === today) return "Today";
    if (day === tomorrow) return "Tomorrow";
    const date = localDay(day);
    return date ? weekdayFormat.format(date) : day;
  };
  const groups: { label: string; todos: T[] }[] = [];
  for (const { day, todos: ofDay } of byDueDay(todos)) {
    const label = labelOf(day);
    const last = groups.at(-1);
    if (last?.label === label) last.todos.push(...ofDay);
    else groups.push({ label, todos: [...ofDay] });
  }
  return groups;
}
