import type { Page } from "@playwright/test";

const SEEN_PREFIX = "e2e-seen:";

/**
 * For what may be on screen only for a moment, too briefly for a polling assertion: records (in
 * sessionStorage, which survives the page's own redirects) each of `texts` that is ever rendered from
 * now on, in this document or the next ones of this tab. A success message shown just before a
 * redirect counts, and so does a flash of private data.
 */
export async function recordWhichTextsAppear(page: Page, texts: string[]): Promise<void> {
  const watch = ({ texts, prefix }: { texts: string[]; prefix: string }) => {
    const check = () => {
      // biome-ignore lint/performance/useDomNodeTextContent: only rendered text counts as shown to the user
      const shown = document.body?.innerText ?? "";
      for (const text of texts) if (shown.includes(text)) sessionStorage.setItem(prefix + text, "1");
    };
    check();
    new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
  };
  await page.addInitScript(watch, { texts, prefix: SEEN_PREFIX });
  await page.evaluate(watch, { texts, prefix: SEEN_PREFIX });
}

export async function textsThatAppeared(page: Page): Promise<string[]> {
  return page.evaluate(
    (prefix) =>
      Object.keys(sessionStorage)
        .filter((key) => key.startsWith(prefix))
        .map((key) => key.slice(prefix.length)),
    SEEN_PREFIX,
  );
}
