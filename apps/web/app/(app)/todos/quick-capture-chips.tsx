"use client";

import { type KeyboardEvent, useEffect, useState } from "react";

import { formatDue, formatDueDay } from "@/components/format-date-time";
import type { PhraseKind, QuickCapture, UnderstoodPhrase } from "./quick-capture";

type Reader = typeof import("./quick-capture").readQuickCapture;

import { describeRepeat } from "./repeat-rule";
import { localDateTimeToIso, type TodoContent } from "./todo-form-values";
import { PRIORITY_LABELS } from "./todo-labels";

/** What the add form saves of what it understood. */
const SAVED: ReadonlySet<PhraseKind> = new Set(["due", "repeat", "tag", "priority"]);

function asTyped(title: string): QuickCapture {
  return { title, due_date: "", due_time: "", tags: [], priority: null, repetition: null, understood: [] };
}

/**
 * The add form's reading of its title as it is typed, and the person's choices of phrases to keep as
 * text: a click on a phrase's chip, or Escape for the last one understood. The reader (chrono-node's
 * languages and rrule) is loaded once something is typed, so that it is not in the page's first load.
 */
export function useQuickCapture(title: string) {
  const [keptAsText, setKeptAsText] = useState<ReadonlySet<string>>(new Set());
  const [reader, setReader] = useState<{ read: Reader } | null>(null);
  const typed = title !== "";
  useEffect(() => {
    if (typed && !reader)
      void import("./quick-capture").then(({ readQuickCapture }) => setReader({ read: readQuickCapture }));
  }, [typed, reader]);
  const reading = reader
    ? reader.read(title, { now: new Date(), language: navigator.language, keptAsText, understands: SAVED })
    : asTyped(title);
  const keepAsText = (phrase: UnderstoodPhrase) => setKeptAsText((kept) => new Set(kept).add(phrase.text));
  const onTitleKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const last = reading.understood.at(-1);
    if (event.key !== "Escape" || !last) return;
    event.preventDefault();
    keepAsText(last);
  };
  return { reading, keepAsText, onTitleKeyDown, forget: () => setKeptAsText(new Set()) };
}

/** The content to save: the form's, with what the title said in place of the fields it names. */
export function withQuickCapture(content: TodoContent, reading: QuickCapture): TodoContent {
  if (reading.understood.length === 0) return content;
  const timed = Boolean(reading.due_date && reading.due_time);
  return {
    ...content,
    title: reading.title,
    priority: reading.priority ?? content.priority,
    tags: [...new Set([...content.tags, ...reading.tags])],
    ...(reading.due_date && {
      due_at: timed ? localDateTimeToIso(`${reading.due_date}T${reading.due_time}`) : null,
      due_date: timed ? null : reading.due_date,
    }),
    ...(reading.repetition && {
      repeat_rule: reading.repetition.rule,
      repeat_from: reading.repetition.from,
      time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    }),
  };
}

function chipText(phrase: UnderstoodPhrase, reading: QuickCapture): string {
  switch (phrase.kind) {
    case "due":
      return reading.due_time
        ? `Due ${formatDue(new Date(`${reading.due_date}T${reading.due_time}`))}`
        : `Due ${formatDueDay(reading.due_date)}`;
    case "priority":
      return `${PRIORITY_LABELS[reading.priority ?? "medium"]} priority`;
    case "repeat":
      return (
        describeRepeat({
          repeat_rule: reading.repetition?.rule ?? null,
          repeat_from: reading.repetition?.from ?? "due",
        }) ?? phrase.text
      );
    default:
      return phrase.text;
  }
}

/** What the one-line add understood, each with a way to keep its words as text. */
export function QuickCaptureChips({
  reading,
  onKeepAsText,
}: {
  reading: QuickCapture;
  onKeepAsText: (phrase: UnderstoodPhrase) => void;
}) {
  return (
    <div aria-live="polite" className="empty:hidden">
      {reading.understood.length > 0 && (
        <ul aria-label="Understood" className="flex flex-wrap items-center gap-2 text-xs">
          {reading.understood.map((phrase) => (
            <li key={`${phrase.kind}:${phrase.text}`}>
              <button
                type="button"
                onClick={() => onKeepAsText(phrase)}
                aria-label={`${chipText(phrase, reading)}: keep “${phrase.text.trim()}” as text`}
                className="inline-flex items-center gap-1 rounded-full bg-primary/10 px-2 py-0.5 font-medium text-link hover:bg-primary/20"
              >
                {chipText(phrase, reading)}
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
          <li className="text-muted">Esc keeps the last as text</li>
        </ul>
      )}
    </div>
  );
}
