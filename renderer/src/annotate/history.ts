import type { LandmarkChange } from './landmarks';

/**
 * Undo/redo of one image's annotations, unlimited. An edit records the full state of each point it touched before
 * and after (never a delta), so undo and redo are one more annotations.set each, sending `before` or `after` back.
 */
export interface Edit {
  readonly id: number;
  /** What the edit did, for tooltips ("Place Carina", "Mark Right CP angle absent"). */
  readonly label: string;
  readonly before: readonly LandmarkChange[];
  readonly after: readonly LandmarkChange[];
}

export interface History {
  readonly done: readonly Edit[];
  readonly undone: readonly Edit[];
}

export const EMPTY_HISTORY: History = { done: [], undone: [] };

/** A new edit clears what could be redone. */
export function record(h: History, edit: Edit): History {
  return { done: [...h.done, edit], undone: [] };
}

/** The edit to revert (send its `before`), and the history after it; null when there is nothing to undo. */
export function undo(h: History): { edit: Edit; history: History } | null {
  const edit = h.done[h.done.length - 1];
  if (!edit) return null;
  return { edit, history: { done: h.done.slice(0, -1), undone: [...h.undone, edit] } };
}

/** The edit to re-apply (send its `after`), and the history after it; null when there is nothing to redo. */
export function redo(h: History): { edit: Edit; history: History } | null {
  const edit = h.undone[h.undone.length - 1];
  if (!edit) return null;
  return { edit, history: { done: [...h.done, edit], undone: h.undone.slice(0, -1) } };
}

/** Forgets one edit the host refused, wherever it is. */
export function forget(h: History, id: number): History {
  return { done: h.done.filter((e) => e.id !== id), undone: h.undone.filter((e) => e.id !== id) };
}
