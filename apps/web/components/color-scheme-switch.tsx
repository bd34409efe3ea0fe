"use client";

import { useState } from "react";

import {
  COLOR_SCHEME_COOKIE,
  COLOR_SCHEME_LABELS,
  COLOR_SCHEME_MAX_AGE_SECONDS,
  COLOR_SCHEMES,
  type ColorScheme,
} from "@/lib/color-scheme";

/**
 * Light, dark or the system's: applied to the open page at once (the root's `data-color-scheme`, which
 * globals.css turns into `color-scheme`) and kept in a cookie for the pages the server sends next.
 */
export function ColorSchemeSwitch({ initial }: { initial: ColorScheme }) {
  const [scheme, setScheme] = useState(initial);

  const choose = (chosen: ColorScheme) => {
    setScheme(chosen);
    document.documentElement.dataset.colorScheme = chosen;
    const secure = window.location.protocol === "https:" ? "; Secure" : "";
    // biome-ignore lint/suspicious/noDocumentCookie: a first-party preference cookie the server reads; the Cookie Store API is not in every browser.
    document.cookie = `${COLOR_SCHEME_COOKIE}=${chosen}; Path=/; Max-Age=${COLOR_SCHEME_MAX_AGE_SECONDS}; SameSite=Lax${secure}`;
  };

  return (
    <fieldset>
      <legend className="mb-2 text-sm font-medium">Colour scheme</legend>
      <div className="inline-flex rounded-lg border border-line-strong bg-subtle p-0.5">
        {COLOR_SCHEMES.map((option) => (
          <label
            key={option}
            className="cursor-pointer rounded-md px-3 py-1.5 text-sm text-ink-soft has-checked:bg-surface has-checked:font-semibold has-checked:text-ink has-checked:shadow-xs has-focus-visible:outline-2 has-focus-visible:outline-primary"
          >
            <input
              type="radio"
              name="color-scheme"
              value={option}
              checked={scheme === option}
              onChange={() => choose(option)}
              className="sr-only"
            />
            {COLOR_SCHEME_LABELS[option]}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
