"use client";

import { useRef, useState } from "react";
import { useHotkeys } from "react-hotkeys-hook";

import { Button } from "@/components/button";

/**
 * The dashboard's keys, the way Todoist and Gmail have them. Each acts through the page's own
 * controls (it focuses or presses them), so a key does exactly what the pointer would; none fires
 * while the person is typing in a field, and each is listed in the sheet `?` opens.
 */

/** The todos in the list, in order (their rows are the list's items, between a view's day headings). */
export const TODO_LIST_ID = "todo-list";
// The fields the keys go to, found as a person finds them: by the form they are in.
const ADD_TITLE = 'form[aria-label="Add a todo"] input[name="title"]';
const SEARCH = 'form[role="search"] input[type="search"]';

const SHORTCUTS: readonly [keys: string[], what: string][] = [
  [["q"], "Add a todo"],
  [["/"], "Search"],
  [["j", "k"], "Next or previous todo"],
  [["x"], "Complete or reopen the todo"],
  [["e"], "Edit the todo"],
  // Backspace too: the key a Mac keyboard labels "delete".
  [["Delete", "Backspace"], "Delete the todo"],
  [["?"], "Show these shortcuts"],
];

const UNTYPED_INPUT_TYPES = new Set([
  "checkbox",
  "radio",
  "button",
  "submit",
  "reset",
  "range",
  "color",
  "file",
]);

/** Whether the key goes to something the person types in, where letters are text, not commands. */
function typingIn(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (!target) return false;
  if (
    target.isContentEditable ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  )
    return true;
  return target instanceof HTMLInputElement && !UNTYPED_INPUT_TYPES.has(target.type);
}

function rows(): HTMLElement[] {
  const items = [...(document.getElementById(TODO_LIST_ID)?.children ?? [])] as HTMLElement[];
  return items.filter((item) => item.querySelector("input[type=checkbox]"));
}

/** The todo the focus is in, if any. */
function currentRow(): HTMLElement | undefined {
  return rows().find((row) => row.contains(document.activeElement));
}

function focusRow(step: 1 | -1) {
  const all = rows();
  const at = all.findIndex((row) => row.contains(document.activeElement));
  const next = all[at === -1 ? (step === 1 ? 0 : all.length - 1) : at + step];
  next?.querySelector<HTMLElement>("input[type=checkbox]")?.focus();
}

/** Presses the current todo's button whose accessible name starts with `verb` ("Edit", "Delete"). */
function pressInCurrentRow(verb: string) {
  const buttons = currentRow()?.querySelectorAll<HTMLButtonElement>("button[aria-label]") ?? [];
  [...buttons].find((button) => button.getAttribute("aria-label")?.startsWith(`${verb} `))?.click();
}

export function KeyboardShortcuts() {
  const sheet = useRef<HTMLDialogElement>(null);
  const [sheetOpen, setSheetOpen] = useState(false);
  const options = {
    enabled: !sheetOpen,
    enableOnFormTags: true,
    ignoreEventWhen: typingIn,
    preventDefault: true,
    useKey: true,
  } as const;
  const focusField = (selector: string) => () => document.querySelector<HTMLElement>(selector)?.focus();

  useHotkeys("q", focusField(ADD_TITLE), options);
  useHotkeys("/", focusField(SEARCH), options);
  useHotkeys("j", () => focusRow(1), options);
  useHotkeys("k", () => focusRow(-1), options);
  useHotkeys(
    "x",
    () => currentRow()?.querySelector<HTMLInputElement>("input[type=checkbox]")?.click(),
    options,
  );
  useHotkeys("e", () => pressInCurrentRow("Edit"), options);
  useHotkeys(["delete", "backspace"], () => pressInCurrentRow("Delete"), options);
  useHotkeys("?", () => sheet.current?.showModal(), options);

  return (
    <>
      <div className="text-right">
        <button
          type="button"
          onClick={() => sheet.current?.showModal()}
          className="text-sm text-muted underline-offset-2 hover:text-ink hover:underline"
        >
          Keyboard shortcuts <kbd className="rounded border border-line px-1 font-sans">?</kbd>
        </button>
      </div>
      <dialog
        ref={sheet}
        aria-labelledby="shortcuts-heading"
        onToggle={(event) => setSheetOpen(event.currentTarget.open)}
        className="m-auto w-full max-w-sm rounded-xl border border-line bg-surface p-5 text-ink shadow-lg backdrop:bg-black/40"
      >
        <h2 id="shortcuts-heading" className="mb-3 text-lg font-semibold">
          Keyboard shortcuts
        </h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
          {SHORTCUTS.map(([keys, what]) => (
            <div key={what} className="contents">
              <dt className="flex gap-1">
                {keys.map((key) => (
                  <kbd key={key} className="rounded border border-line-strong bg-subtle px-1.5 font-sans">
                    {key}
                  </kbd>
                ))}
              </dt>
              <dd className="text-ink-soft">{what}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-3 text-xs text-muted">Keys do nothing while you type in a field.</p>
        <form method="dialog" className="mt-4 text-right">
          <Button type="submit">Close</Button>
        </form>
      </dialog>
    </>
  );
}
