import * as chrono from "chrono-node";
import { RRule } from "rrule";

import { dayText, timeText } from "@/components/format-date-time";
import { PRIORITIES, type Priority } from "@/lib/api-client";
import { repeatRuleVocabulary } from "@/lib/api-types";

/**
 * The one-line add's understanding of what was typed, the way Todoist's quick add reads it:
 * "pay rent tomorrow 9am #home !high", "every monday standup", "call mum in 2 hours". Dates and times
 * are read by chrono-node in the person's language and time zone; a repetition ("every …") by rrule's
 * English reader, which gives an RFC 5545 rule. Each phrase it took is returned, so that the form can
 * show it and the person can keep it as text instead.
 */

export type PhraseKind = "due" | "repeat" | "tag" | "priority";

export interface UnderstoodPhrase {
  kind: PhraseKind;
  /** The words as typed, which also name the phrase when the person keeps it as text. */
  text: string;
  /** Where it starts in what was typed. */
  index: number;
}

export interface Repetition {
  /** An RFC 5545 RRULE value without the "RRULE:" prefix, e.g. "FREQ=WEEKLY;BYDAY=MO". */
  rule: string;
  /** "completion": the next one is counted from the day it is done ("every 3 days after done"). */
  from: "due" | "completion";
}

export interface QuickCapture {
  title: string;
  /** "YYYY-MM-DD" in the person's calendar, or "" */
  due_date: string;
  /** "HH:MM" in the person's time zone, or "" */
  due_time: string;
  tags: string[];
  priority: Priority | null;
  repetition: Repetition | null;
  understood: UnderstoodPhrase[];
}

export interface QuickCaptureOptions {
  /** Now, in the person's time zone (the browser's). */
  now: Date;
  /** The person's language (navigator.language), which picks the date reader. */
  language: string;
  /** Phrases (by their text) the person chose to keep as text. */
  keptAsText?: ReadonlySet<string>;
  /** The kinds of phrase to take out of the title; the others stay in it. All by default. */
  understands?: ReadonlySet<PhraseKind>;
}

const EVERY_KIND: ReadonlySet<PhraseKind> = new Set(["due", "repeat", "tag", "priority"]);

const DATE_READERS: Record<string, chrono.Chrono> = {
  de: chrono.de.casual,
  es: chrono.es.casual,
  fr: chrono.fr.casual,
  it: chrono.it.casual,
  ja: chrono.ja.casual,
  nl: chrono.nl.casual,
  pt: chrono.pt.casual,
  ru: chrono.ru.casual,
  sv: chrono.sv.casual,
  uk: chrono.uk.casual,
  zh: chrono.zh.casual,
};

/** The date reader for a language tag: its language's, with day-first dates for English outside the US. */
function dateReaderFor(language: string): chrono.Chrono {
  const [primary, region] = language.toLowerCase().split("-");
  if (primary in DATE_READERS) return DATE_READERS[primary];
  return primary === "en" && region && region !== "us" ? chrono.en.GB : chrono.en.casual;
}

const TAG = /(?<=^|\s)#([\p{L}\p{N}_-]+)/gu;
const PRIORITY = /(?<=^|\s)!(\p{L}+)(?=\s|$)/gu;
const REPEAT_START = /(?<=^|\s)every(?=\s)/giu;
const COUNTED_FROM_COMPLETION = /^\s+after\s+(?:done|completion|completed)(?=\s|$)/iu;

/** The rule rrule reads from "every …", without the time of day, which the date reader takes instead. */
function ruleOf(phrase: string): string | null {
  try {
    const options = RRule.parseText(phrase);
    if (!options?.freq && options?.freq !== 0) return null;
    const { byhour: _hour, byminute: _minute, ...withoutTime } = options;
    const rule = RRule.optionsToString(withoutTime).replace(/^RRULE:/, "");
    return isTodoRhythm(rule) ? rule : null;
  } catch {
    return null;
  }
}

const TODO_FREQUENCIES: ReadonlySet<string> = new Set(repeatRuleVocabulary.frequencies);
const TODO_RULE_PARTS: ReadonlySet<string> = new Set(repeatRuleVocabulary.parts);

/**
 * Whether the API would take the rule as a todo's, by the vocabulary it publishes ("every hour" and
 * "… for 3 times" it refuses) and its rule that a yearly month needs a day ("every january").
 */
function isTodoRhythm(rule: string): boolean {
  const parts = new Map(rule.split(";").map((part) => part.split("=") as [string, string]));
  return (
    TODO_FREQUENCIES.has(parts.get("FREQ") ?? "") &&
    [...parts.keys()].every((part) => TODO_RULE_PARTS.has(part)) &&
    (!parts.has("BYMONTH") || parts.has("BYMONTHDAY") || parts.has("BYDAY"))
  );
}

/**
 * The shortest "every …" phrase that gives the same rule as all that follows it: rrule's reader stops
 * at the first word it does not know, so the words after the phrase are the title's.
 */
function repetitionAt(text: string, index: number): { phrase: string; repetition: Repetition } | null {
  const words = text.slice(index).split(/(?<=\S)(?=\s)/u);
  const whole = ruleOf(words.join(""));
  if (!whole) return null;
  for (let count = 2; count <= words.length; count += 1) {
    const phrase = words.slice(0, count).join("");
    if (ruleOf(phrase) !== whole) continue;
    const fromCompletion = COUNTED_FROM_COMPLETION.exec(text.slice(index + phrase.length));
    return {
      phrase: fromCompletion ? phrase + fromCompletion[0] : phrase,
      repetition: { rule: whole, from: fromCompletion ? "completion" : "due" },
    };
  }
  return null;
}

/**
 * The first day of the rule from today on, since a repeating todo without a day is due on its first; a
 * day whose `time` ("HH:MM") has passed is skipped. rrule counts in UTC, so days are carried as UTC dates.
 */
function firstDayOf(rule: string, now: Date, time: string): string {
  const today = new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));
  const passed = Boolean(time) && time <= timeText(now);
  const first = new RRule({ ...RRule.parseString(rule), dtstart: today }).after(today, !passed);
  if (!first) return dayText(now);
  return dayText(new Date(first.getUTCFullYear(), first.getUTCMonth(), first.getUTCDate()));
}

function priorityOf(word: string): Priority | null {
  const lower = word.toLowerCase();
  return (PRIORITIES as readonly string[]).includes(lower) ? (lower as Priority) : null;
}

/** What was typed, read: each phrase it understood is taken out of the title. */
export function readQuickCapture(
  text: string,
  { now, language, keptAsText = new Set(), understands = EVERY_KIND }: QuickCaptureOptions,
) {
  const understood: UnderstoodPhrase[] = [];
  // Taken phrases are blanked out, so that each later reader sees the rest at the same positions.
  let rest = text;
  const take = (kind: PhraseKind, phrase: string, index: number): boolean => {
    if (keptAsText.has(phrase) || !understands.has(kind)) return false;
    understood.push({ kind, text: phrase, index });
    rest = rest.slice(0, index) + " ".repeat(phrase.length) + rest.slice(index + phrase.length);
    return true;
  };

  const tags: string[] = [];
  for (const match of text.matchAll(TAG)) {
    if (take("tag", match[0], match.index) && !tags.includes(match[1])) tags.push(match[1]);
  }
  let priority: Priority | null = null;
  for (const match of text.matchAll(PRIORITY)) {
    const named = priorityOf(match[1]);
    if (named && priority === null && take("priority", match[0], match.index)) priority = named;
  }
  let repetition: Repetition | null = null;
  for (const match of rest.matchAll(REPEAT_START)) {
    const found = repetitionAt(rest, match.index);
    if (found && take("repeat", found.phrase, match.index)) {
      repetition = found.repetition;
      break;
    }
  }
  let due_date = "";
  let due_time = "";
  const dates = dateReaderFor(language).parse(rest, now, { forwardDate: true });
  for (const date of dates) {
    if (!take("due", date.text, date.index)) continue;
    const moment = date.start.date();
    due_time = date.start.isCertain("hour") ? timeText(moment) : "";
    // "every weekday at 9am": the time is said, the day is the rule's.
    const dayIsSaid = date.start.isCertain("day") || date.start.isCertain("weekday") || !repetition;
    due_date = dayIsSaid ? dayText(moment) : "";
    break;
  }
  if (repetition && !due_date) due_date = firstDayOf(repetition.rule, now, due_time);

  const title = rest.replace(/\s+/gu, " ").trim();
  if (!title) {
    // Nothing would be left to name the todo: all of it is the title.
    return {
      title: text.trim(),
      due_date: "",
      due_time: "",
      tags: [],
      priority: null,
      repetition: null,
      understood: [],
    };
  }
  understood.sort((a, b) => a.index - b.index);
  return { title, due_date, due_time, tags, priority, repetition, understood } satisfies QuickCapture;
}
