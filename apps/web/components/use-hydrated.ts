import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False while the server renders and the browser hydrates, true after: for what only the reader's own
 * clock, locale and time zone can say, which the server cannot write into the page.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
