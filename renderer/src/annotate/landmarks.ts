import type { ImageAnnotations, LandmarkValue, SuggestedPoint, TemplatePoint } from '../../../app/api/schemas/annotations';

export type { ImageAnnotations, LandmarkValue, SuggestedPoint, TemplatePoint };

/** One point's new state as annotations.set takes it (a full state, never a delta). */
export interface LandmarkChange {
  readonly landmark: string;
  readonly state: LandmarkValue['state'];
  readonly x?: number | null;
  readonly y?: number | null;
  readonly locked?: boolean;
  readonly suggestion?: LandmarkValue['suggestion'];
}

/** The complete state of a point as a change, so sending it back restores it exactly (undo/redo). */
export function changeOf(v: LandmarkValue): LandmarkChange {
  return { landmark: v.landmark, state: v.state, x: v.x, y: v.y, locked: v.locked, suggestion: v.suggestion };
}

/** Applies changes locally the way the host does, so the screen follows a click before the host has answered. */
export function applyChanges(values: readonly LandmarkValue[], changes: readonly LandmarkChange[]): LandmarkValue[] {
  const byId = new Map(changes.map((c) => [c.landmark, c]));
  return values.map((v) => {
    const c = byId.get(v.landmark);
    if (!c) return v;
    if (c.state === 'unset') {
      return { ...v, state: 'unset', x: null, y: null, locked: false, suggested: false, suggestion: null, movedBy: null };
    }
    const suggestion = c.suggestion === undefined ? v.suggestion : c.suggestion;
    const x = c.state === 'placed' ? (c.x ?? null) : null;
    const y = c.state === 'placed' ? (c.y ?? null) : null;
    return {
      ...v,
      state: c.state,
      x,
      y,
      locked: c.locked ?? v.locked,
      suggestion,
      suggested: suggestion !== null,
      movedBy: suggestion && x !== null && y !== null ? Math.hypot(x - suggestion.x, y - suggestion.y) : null,
    };
  });
}

export function isResolved(v: LandmarkValue): boolean {
  return v.state !== 'unset';
}

export function allResolved(values: readonly LandmarkValue[]): boolean {
  return values.every(isResolved);
}

/**
 * Placement walks the template in order: after `from` is placed (or skipped), the next point still unset after it,
 * wrapping round to the start; when every other point is resolved, simply the next one in order.
 */
export function nextToPlace(values: readonly LandmarkValue[], from: number): number {
  const n = values.length;
  if (n === 0) return 0;
  for (let k = 1; k < n; k++) {
    const i = (from + k) % n;
    if (values[i]!.state === 'unset') return i;
  }
  return Math.min(from + 1, n - 1);
}

/** The point placement starts at on an image: the first unset one, else the first. */
export function firstToPlace(values: readonly LandmarkValue[]): number {
  const i = values.findIndex((v) => v.state === 'unset');
  return i < 0 ? 0 : i;
}

/** Previous/next point in template order, wrapping. */
export function stepLandmark(index: number, delta: number, count: number): number {
  if (count === 0) return 0;
  return (((index + delta) % count) + count) % count;
}

/** How the side list and the tests describe a point: "placed", "absent" or "unset", with its flags. */
export function stateText(v: LandmarkValue): string {
  const flags = [v.locked ? 'locked' : '', v.suggested ? 'suggested' : ''].filter(Boolean);
  return flags.length ? `${v.state}, ${flags.join(', ')}` : v.state;
}

/** The ghosts worth showing: suggestions for points that are still unset. */
export function ghostsFor(values: readonly LandmarkValue[], suggested: readonly SuggestedPoint[]): SuggestedPoint[] {
  const unset = new Set(values.filter((v) => v.state === 'unset').map((v) => v.landmark));
  return suggested.filter((s) => unset.has(s.landmark));
}
