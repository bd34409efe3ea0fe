import { useCallback, useEffect, useState } from "react";

// Long enough to notice the notice and reach its button; the server keeps a deletion for minutes.
const OFFER_MS = 8_000;
// After the pointer or the keyboard focus leaves the notice, it stays at least this long.
const AFTER_HOLD_MS = 3_000;

export interface UndoOffer {
  message: string;
  /**
   * What POST /api/todos/restore takes: a clear's deletion id, or a deleted todo's id; for an
   * "uncomplete", the id of the todo completed.
   */
  deletionId: string;
  /** What Undo does: restore a deletion (the default), or un-complete a repeating todo. */
  kind?: "restore" | "uncomplete";
  /** When the offer goes (epoch milliseconds). */
  until: number;
}

function keptOffer(storageKey: string): UndoOffer | null {
  try {
    const kept = JSON.parse(sessionStorage.getItem(storageKey) ?? "null") as UndoOffer | null;
    return kept && typeof kept.deletionId === "string" && kept.until > Date.now() ? kept : null;
  } catch {
    return null;
  }
}

/**
 * The offer to undo the last deletion, for a few seconds. The deletion is done on the server at once
 * (nothing is lost if the tab closes) and undone there on request; the offer is kept in this tab's
 * sessionStorage, so a reload while it is shown shows it again. Held open while pointed at or focused.
 */
export function useUndo(storageKey: string) {
  const [offer, setOffer] = useState<UndoOffer | null>(null);
  const [held, setHeld] = useState(false);

  useEffect(() => {
    setOffer(keptOffer(storageKey));
  }, [storageKey]);

  const dismiss = useCallback(() => {
    sessionStorage.removeItem(storageKey);
    setOffer(null);
    setHeld(false);
  }, [storageKey]);

  useEffect(() => {
    if (!offer || held) return;
    const timer = setTimeout(dismiss, Math.max(0, offer.until - Date.now()));
    return () => clearTimeout(timer);
  }, [offer, held, dismiss]);

  const propose = (message: string, deletionId: string, kind: UndoOffer["kind"] = "restore") => {
    const next = { message, deletionId, kind, until: Date.now() + OFFER_MS };
    sessionStorage.setItem(storageKey, JSON.stringify(next));
    setOffer(next);
    setHeld(false);
  };

  const hold = (holding: boolean) => {
    setHeld(holding);
    if (!holding)
      setOffer(
        (current) => current && { ...current, until: Math.max(current.until, Date.now() + AFTER_HOLD_MS) },
      );
  };

  return { offer, propose, dismiss, hold };
}
