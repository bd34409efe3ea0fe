import { type ByWeekday, Frequency, type Options, RRule, type WeekdayStr } from "rrule";

import type { FieldErrors, FormValues } from "@/components/use-checked-form";
import type { RepeatFrom, Todo, TodoUpdate } from "@/lib/api-client";

/**
 * The form's "Repeat" choice and the API's `repeat_rule` (an RFC 5545 rule, written by rrule as quick
 * capture writes it) and `repeat_from`. "as-set" is a rule the form cannot edit (say "every last
 * Friday" from quick capture): the form then leaves it as it is.
 */
export const REPEAT_FIELDS = ["repeat", "repeat_days", "repeat_interval"] as const;
export type RepeatField = (typeof REPEAT_FIELDS)[number];

export const REPEAT_CHOICES = [
  { value: "none", label: "Does not repeat" },
  { value: "daily", label: "Daily" },
  { value: "weekdays", label: "Every weekday (Monday to Friday)" },
  { value: "weekly", label: "Weekly on chosen days" },
  { value: "monthly", label: "Monthly" },
  { value: "yearly", label: "Yearly" },
  { value: "after-done", label: "Every N days after done" },
] as const;
type RepeatChoice = (typeof REPEAT_CHOICES)[number]["value"] | "as-set";

export const WEEKDAYS: readonly { code: WeekdayStr; name: string; short: string }[] = [
  { code: "MO", name: "Monday", short: "Mon" },
  { code: "TU", name: "Tuesday", short: "Tue" },
  { code: "WE", name: "Wednesday", short: "Wed" },
  { code: "TH", name: "Thursday", short: "Thu" },
  { code: "FR", name: "Friday", short: "Fri" },
  { code: "SA", name: "Saturday", short: "Sat" },
  { code: "SU", name: "Sunday", short: "Sun" },
];
const WORKING_DAYS = "MO,TU,WE,TH,FR";
// The API's bound on INTERVAL (todo_api.repeat.MAX_INTERVAL).
const MAX_DAYS_AFTER_DONE = 1000;
// The rule parts the form's choices use; a rule with any other is edited "as set".
const FORM_PARTS = new Set(["freq", "interval", "byweekday"]);

const NO_REPEAT: FormValues<RepeatField> = { repeat: "none", repeat_days: "", repeat_interval: "1" };

function weekdayCode(day: ByWeekday): WeekdayStr | null {
  if (typeof day === "string") return day;
  const weekday = typeof day === "number" ? day : day.n ? null : day.weekday;
  return weekday === null ? null : (WEEKDAYS[weekday]?.code ?? null);
}

/** The form's values for a todo's rule. */
export function repeatValuesOf(
  todo: Pick<Todo, "repeat_rule" | "repeat_from"> | null,
): FormValues<RepeatField> {
  if (!todo?.repeat_rule) return NO_REPEAT;
  const options = RRule.parseString(todo.repeat_rule);
  const asSet = { ...NO_REPEAT, repeat: "as-set" };
  const parts = Object.keys(options).filter((key) => options[key as keyof Options] != null);
  if (parts.some((part) => !FORM_PARTS.has(part))) return asSet;
  const interval = options.interval ?? 1;
  const days = [options.byweekday ?? []].flat().map(weekdayCode);
  if (days.includes(null)) return asSet;
  const dayList = days.join(",");
  if (todo.repeat_from === "completion")
    return options.freq === Frequency.DAILY && !dayList
      ? { ...NO_REPEAT, repeat: "after-done", repeat_interval: String(interval) }
      : asSet;
  if (interval !== 1) return asSet;
  if (options.freq === Frequency.WEEKLY && dayList === WORKING_DAYS)
    return { ...NO_REPEAT, repeat: "weekdays" };
  if (options.freq === Frequency.WEEKLY && dayList)
    return { ...NO_REPEAT, repeat: "weekly", repeat_days: dayList };
  const plain: Partial<Record<Frequency, RepeatChoice>> = {
    [Frequency.DAILY]: "daily",
    [Frequency.MONTHLY]: "monthly",
    [Frequency.YEARLY]: "yearly",
  };
  const choice = dayList ? undefined : plain[options.freq as Frequency];
  return choice ? { ...NO_REPEAT, repeat: choice } : asSet;
}

function daysOf(values: FormValues<RepeatField>): WeekdayStr[] {
  const chosen = new Set(values.repeat_days.split(","));
  return WEEKDAYS.filter((day) => chosen.has(day.code)).map((day) => day.code);
}

function daysAfterDone(values: FormValues<RepeatField>): number | null {
  const count = Number(values.repeat_interval);
  return /^\d+$/.test(values.repeat_interval.trim()) && count >= 1 && count <= MAX_DAYS_AFTER_DONE
    ? count
    : null;
}

/** The rule as rrule writes it (quick capture's way), the days as weekdays, no INTERVAL=1. */
function ruleOf(
  freq: Frequency,
  { interval = 1, days = [] }: { interval?: number; days?: WeekdayStr[] } = {},
) {
  const options: Partial<Options> = { freq };
  if (interval !== 1) options.interval = interval;
  if (days.length > 0) options.byweekday = days.map((code) => RRule[code]);
  return RRule.optionsToString(options).replace(/^RRULE:/, "");
}

/** What is wrong with the repeat fields; a repeating todo also needs a due day (`due_date`). */
export function repeatErrors(
  values: FormValues<RepeatField | "due_date">,
): FieldErrors<RepeatField | "due_date"> {
  const repeats = values.repeat !== "none";
  return {
    due_date:
      repeats && !values.due_date ? "Choose the day it is first due: a repeating todo needs one." : undefined,
    repeat_days:
      values.repeat === "weekly" && daysOf(values).length === 0 ? "Choose at least one day." : undefined,
    repeat_interval:
      values.repeat === "after-done" && daysAfterDone(values) === null
        ? `Enter a whole number of days from 1 to ${MAX_DAYS_AFTER_DONE}.`
        : undefined,
  };
}

type RepeatContent = Pick<TodoUpdate, "repeat_rule" | "repeat_from" | "time_zone">;

/**
 * Valid repeat values as the API's fields, counted in the browser's time zone; nothing for a rule
 * the form leaves as set.
 */
export function repeatContentOf(values: FormValues<RepeatField>): RepeatContent {
  const choice = values.repeat as RepeatChoice;
  if (choice === "as-set") return {};
  const rules: Record<Exclude<RepeatChoice, "as-set">, string | null> = {
    none: null,
    daily: ruleOf(Frequency.DAILY),
    weekdays: ruleOf(Frequency.WEEKLY, { days: WORKING_DAYS.split(",") as WeekdayStr[] }),
    weekly: ruleOf(Frequency.WEEKLY, { days: daysOf(values) }),
    monthly: ruleOf(Frequency.MONTHLY),
    yearly: ruleOf(Frequency.YEARLY),
    "after-done": ruleOf(Frequency.DAILY, { interval: daysAfterDone(values) ?? 1 }),
  };
  const repeatFrom: RepeatFrom = choice === "after-done" ? "completion" : "due";
  return {
    repeat_rule: rules[choice] ?? null,
    repeat_from: repeatFrom,
    time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
}

const dayList = new Intl.ListFormat("en", { type: "conjunction" });

/** "Repeats every Monday and Thursday", "Repeats 3 days after done"; null when it does not repeat. */
export function describeRepeat(todo: Pick<Todo, "repeat_rule" | "repeat_from">): string | null {
  if (!todo.repeat_rule) return null;
  const values = repeatValuesOf(todo);
  const days = Number(values.repeat_interval);
  const texts: Record<RepeatChoice, () => string> = {
    none: () => "",
    daily: () => "every day",
    weekdays: () => "every weekday",
    weekly: () =>
      `every ${dayList.format(daysOf(values).map((code) => WEEKDAYS.find((day) => day.code === code)?.name ?? code))}`,
    monthly: () => "every month",
    yearly: () => "every year",
    "after-done": () => (days === 1 ? "1 day after done" : `${days} days after done`),
    "as-set": () =>
      RRule.fromString(todo.repeat_rule ?? "").toText() +
      (todo.repeat_from === "completion" ? " after done" : ""),
  };
  return `Repeats ${texts[values.repeat as RepeatChoice]()}`;
}
