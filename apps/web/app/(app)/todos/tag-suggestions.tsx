"use client";

import { type FormEvent, useId, useState } from "react";

import { listTags } from "@/lib/api-client";

import { parseTags } from "./todo-form-values";

/**
 * Suggestions for the comma-separated tag field: the user's tags, most used first, as a `<datalist>`
 * (the browser's own accessible list). Each suggestion is the text typed so far up to its last comma
 * plus one tag not in it yet, so picking one completes the tag being typed and keeps the others.
 */
export function useTagSuggestions(initialText: string) {
  const listId = useId();
  const [text, setText] = useState(initialText);
  const [tags, setTags] = useState<string[]>([]);

  // Asked at each focus, so a tag added a moment ago is among them; without them, the field still works.
  const load = () => {
    listTags()
      .then((items) => setTags(items.map((item) => item.tag)))
      .catch(() => undefined);
  };
  const typed = text.includes(",") ? `${text.slice(0, text.lastIndexOf(",") + 1)} ` : "";
  const chosen = new Set(parseTags(typed).map((tag) => tag.toLowerCase()));

  return {
    inputProps: {
      list: listId,
      autoComplete: "off",
      onFocus: load,
      onInput: (event: FormEvent<HTMLInputElement>) => setText(event.currentTarget.value),
    },
    datalist: (
      <datalist id={listId} data-testid="tag-suggestions">
        {tags
          .filter((tag) => !chosen.has(tag))
          .map((tag) => (
            <option key={tag} value={`${typed}${tag}`} />
          ))}
      </datalist>
    ),
  };
}
