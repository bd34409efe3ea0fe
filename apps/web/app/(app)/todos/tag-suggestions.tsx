"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";

import { listTags } from "@/lib/api-client";

import { parseTags } from "./todo-form-values";
import { todoKeys } from "./use-todo-list";

/**
 * Suggestions for the comma-separated tag field: the user's tags, most used first, as a `<datalist>`
 * (the browser's own accessible list). Each suggestion is the text typed so far up to its last comma
 * plus one tag not in it yet, so picking one completes the tag being typed and keeps the others.
 * `text` is the field's value as the form holds it, so that a reset of the form resets them too.
 */
export function useTagSuggestions(text: string) {
  const listId = useId();
  const [asked, setAsked] = useState(false);
  // Asked at the field's first focus and again at each, so a tag added a moment ago is among them;
  // without them (not asked yet, or failed), the field still works.
  const { data: tags = [], refetch } = useQuery({
    queryKey: todoKeys.tags,
    queryFn: listTags,
    select: (items) => items.map((item) => item.tag),
    enabled: asked,
  });
  const typed = text.includes(",") ? `${text.slice(0, text.lastIndexOf(",") + 1)} ` : "";
  const chosen = new Set(parseTags(typed).map((tag) => tag.toLowerCase()));

  return {
    inputProps: {
      list: listId,
      autoComplete: "off",
      onFocus: () => (asked ? void refetch() : setAsked(true)),
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
