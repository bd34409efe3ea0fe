import { dayText, localDay, timeText, twoDigits } from "@/components/format-date-time";
import type { FieldErrors, FormValues } from "@/components/use-checked-form";
import { PRIORITIES, type Priority, type Todo, type TodoUpdate } from "@/lib/api-client";
import { schemaLimits } from "@/lib/api-types";
import { REPEAT_FIELDS, repeatContentOf, repeatErrors, repeatValuesOf } from "./repeat-rule";

/**
 * The form's field names are the API's, so the API's 422 field errors land on the right field; the due
 * day and its optional time together make the API's `due_date` (a day) or `due_at` (a moment).
 */
export const TODO_FIELDS = [
  "title",
  "description",
  "priority",
  "due_date",
  "due_time",
  "tags",
  ...REPEAT_FIELDS,
] as const;
export type TodoField = (typeof TODO_FIELDS)[number];

const LIMITS = schemaLimits.TodoCreate;
const TITLE_MAX_LENGTH = LIMITS.title.maxLength;
const DESCRIPTION_MAX_LENGTH = LIMITS.description.maxLength;
const TAGS_MAX_COUNT = LIMITS.tags.maxItems;
const TAG_MAX_LENGTH = LIMITS.tags.items.maxLength;

type RepeatContentField = "repeat_rule" | "repeat_from" | "time_zone";
/** Every editable field, as both a new todo and a full edit send it; a rule the form leaves as set is not sent. */
export type TodoContent = Required<Omit<TodoUpdate, "completed" | "list_id" | RepeatContentField>> &
  Pick<TodoUpdate, RepeatContentField>;

/** Comma-separated text to tags: trimmed, blanks dropped, each tag once. */
export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(",")
        .map((tag) => tag.trim())
        .filter(Boolean),
    ),
  ];
}

/** "2026-03-01T14:30" in the browser's time zone. */
function localMinute(date: Date): string {
  return `${dayText(date)}T${timeText(date)}`;
}

/**
 * A `datetime-local` value ("2026-03-01T14:30") is the browser's local time; the API wants RFC 3339
 * with a zone, so this adds the browser's offset for that date ("2026-03-01T14:30:00+01:00").
 */
export function localDateTimeToIso(local: string): string | null {
  const date = new Date(local);
  if (!local || Number.isNaN(date.getTime())) return null;
  const offsetMinutes = -date.getTimezoneOffset();
  const sign = offsetMinutes < 0 ? "-" : "+";
  const hours = twoDigits(Math.floor(Math.abs(offsetMinutes) / 60));
  const minutes = twoDigits(Math.abs(offsetMinutes) % 60);
  return `${localMinute(date)}:${twoDigits(date.getSeconds())}${sign}${hours}:${minutes}`;
}

/** The reverse, for an edit form: an API date-time shown in the browser's local time. */
export function isoToLocalDateTime(iso: string | null): string {
  const date = new Date(iso ?? "");
  return iso && !Number.isNaN(date.getTime()) ? localMinute(date) : "";
}

export function formValuesOf(todo: Todo | null): FormValues<TodoField> {
  const [dueDay = "", dueTime = ""] = isoToLocalDateTime(todo?.due_at ?? null).split("T");
  return {
    title: todo?.title ?? "",
    description: todo?.description ?? "",
    priority: todo?.priority ?? "medium",
    due_date: todo?.due_date ?? dueDay,
    due_time: dueTime,
    tags: todo?.tags.join(", ") ?? "",
    ...repeatValuesOf(todo),
  };
}

function titleError(title: string): string | undefined {
  if (!title.trim()) return "Enter a title.";
  if (title.trim().length > TITLE_MAX_LENGTH) return `Use at most ${TITLE_MAX_LENGTH} characters.`;
  return undefined;
}

function tagsError(text: string): string | undefined {
  const tags = parseTags(text);
  if (tags.length > TAGS_MAX_COUNT) return `Use at most ${TAGS_MAX_COUNT} tags.`;
  const longTag = tags.find((tag) => tag.length > TAG_MAX_LENGTH);
  return longTag ? `“${longTag}” is too long: use at most ${TAG_MAX_LENGTH} characters per tag.` : undefined;
}

function dueDateError({ due_date, due_time }: FormValues<TodoField>): string | undefined {
  if (!due_date) return due_time ? "Enter the day this time is on." : undefined;
  return localDay(due_date) ? undefined : "Enter a valid date.";
}

function dueTimeError({ due_date, due_time }: FormValues<TodoField>): string | undefined {
  const invalid = due_time && localDay(due_date) && !localDateTimeToIso(`${due_date}T${due_time}`);
  return invalid ? "Enter a valid time." : undefined;
}

export function validateTodoForm(values: FormValues<TodoField>): FieldErrors<TodoField> {
  const repeat = repeatErrors(values);
  return {
    ...repeat,
    title: titleError(values.title),
    description:
      values.description.length > DESCRIPTION_MAX_LENGTH
        ? `Use at most ${DESCRIPTION_MAX_LENGTH} characters.`
        : undefined,
    due_date: dueDateError(values) ?? repeat.due_date,
    due_time: dueTimeError(values),
    tags: tagsError(values.tags),
  };
}

function isPriority(value: string): value is Priority {
  return (PRIORITIES as readonly string[]).includes(value);
}

/**
 * Valid form values as the API's payload; empty optional fields are sent as null to clear them. A day
 * without a time is a `due_date`, that day wherever the person is; with a time, a `due_at` moment.
 */
export function todoContentOf(values: FormValues<TodoField>): TodoContent {
  const timed = Boolean(values.due_date && values.due_time);
  return {
    title: values.title.trim(),
    description: values.description.trim() ? values.description : null,
    priority: isPriority(values.priority) ? values.priority : "medium",
    due_at: timed ? localDateTimeToIso(`${values.due_date}T${values.due_time}`) : null,
    due_date: !timed && values.due_date ? values.due_date : null,
    tags: parseTags(values.tags),
    ...repeatContentOf(values),
  };
}
