"use client";

import { X } from "lucide-react";

import type { UndoOffer } from "./use-undo";

interface UndoToastProps {
  offer: UndoOffer | null;
  onUndo: (deletionId: string) => void;
  onDismiss: () => void;
  /** True while the pointer or the keyboard focus is on the notice, which then stays. */
  onHold: (holding: boolean) => void;
}

/**
 * "3 completed todos cleared. Undo": a polite status (read out without moving the focus), placed in
 * the page's order right after the list's heading, where the focus goes after a deletion, so that the
 * next Tab reaches Undo; shown at the bottom of the window.
 */
export function UndoToast({ offer, onUndo, onDismiss, onHold }: UndoToastProps) {
  return (
    <div
      role="status"
      data-testid="undo-toast"
      className="pointer-events-none fixed inset-x-0 bottom-4 z-10 flex justify-center px-4"
      onFocus={() => onHold(true)}
      onBlur={() => onHold(false)}
      onMouseEnter={() => onHold(true)}
      onMouseLeave={() => onHold(false)}
    >
      {offer && (
        <div className="pointer-events-auto flex items-center gap-3 rounded-lg bg-slate-900 px-4 py-2 text-sm text-white shadow-lg">
          <span>{offer.message}</span>
          <button
            type="button"
            onClick={() => onUndo(offer.deletionId)}
            className="min-h-10 rounded-md px-3 font-semibold text-indigo-200 underline hover:bg-slate-800"
          >
            Undo
          </button>
          <button
            type="button"
            aria-label="Dismiss"
            title="Dismiss"
            onClick={onDismiss}
            className="min-h-10 rounded-md px-2 text-slate-300 hover:bg-slate-800"
          >
            <X aria-hidden="true" className="size-4" />
          </button>
        </div>
      )}
    </div>
  );
}
