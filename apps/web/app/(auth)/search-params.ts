export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** One query parameter as text; a repeated parameter is not something these pages expect. */
export function singleParam(value: string | string[] | undefined): string | null {
  return typeof value === "string" ? value : null;
}
