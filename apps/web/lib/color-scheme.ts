/**
 * The colour scheme a person chose: the system's (the default), or always light or always dark. It is
 * kept in a cookie the server reads, so that the page arrives in the chosen scheme without a script
 * and without a flash of the other one.
 */
export const COLOR_SCHEMES = ["system", "light", "dark"] as const;
export type ColorScheme = (typeof COLOR_SCHEMES)[number];

export const COLOR_SCHEME_COOKIE = "color-scheme";
// A year, as long as other sites keep such a choice.
export const COLOR_SCHEME_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

export const COLOR_SCHEME_LABELS: Record<ColorScheme, string> = {
  system: "System",
  light: "Light",
  dark: "Dark",
};

/** A cookie's value as a scheme: anything else (a tampered or an old value) is the system's. */
export function colorSchemeOf(value: string | undefined): ColorScheme {
  return (COLOR_SCHEMES as readonly string[]).includes(value ?? "") ? (value as ColorScheme) : "system";
}
