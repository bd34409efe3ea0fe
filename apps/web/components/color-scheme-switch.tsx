"use client";

import { useState } from "react";

import {
  COLOR_SCHEME_COOKIE,
  COLOR_SCHEME_LABELS,
  COLOR_SCHEME_MAX_AGE_SECONDS,
  COLOR_SCHEMES,
  type ColorScheme,
} from "@/lib/color-scheme";

import { SegmentedControl } from "./form-fields";

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
    <SegmentedControl
      legend="Colour scheme"
      name="color-scheme"
      options={COLOR_SCHEMES.map((option) => ({ value: option, label: COLOR_SCHEME_LABELS[option] }))}
      value={scheme}
      onChange={choose}
    />
  );
}
