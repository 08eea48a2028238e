import { describe, expect, it } from 'vitest';
import {
  allResolved,
  applyChanges,
  changeOf,
  firstToPlace,
  ghostsFor,
  nextToPlace,
  stateText,
  stepLandmark,
  type LandmarkValue,
} from '../../../renderer/src/annotate/landmarks';

const value = (landmark: string, state: LandmarkValue['state'] = 'unset', extra: Partial<LandmarkValue> = {}): LandmarkValue => ({
  landmark,
  state,
  x: state === 'placed' ? 1 : null,
  y: state === 'placed' ? 2 : null,
  locked: false,
  suggested: false,
  suggestion: null,
  movedBy: null,
  updatedAt: null,
  ...extra,
});

const walk = (states: LandmarkValue['state'][]) => states.map((s, i) => value(`p${i}`, s));

describe('placement walk order', () => {
  it('after placing, goes to the next unset point, wrapping to the start', () => {
    expect(nextToPlace(walk(['placed', 'unset', 'unset']), 0)).toBe(1);
    expect(nextToPlace(walk(['unset', 'placed', 'placed', 'placed']), 2)).toBe(0);
    expect(nextToPlace(walk(['placed', 'absent', 'unset', 'placed']), 0)).toBe(2);
  });

  it('skipping leaves the current one unset and goes on; with nothing else unset, simply the next (stopping at the end)', () => {
    expect(nextToPlace(walk(['unset', 'unset', 'placed']), 0)).toBe(1);
    expect(nextToPlace(walk(['placed', 'unset', 'placed']), 1)).toBe(2);
    expect(nextToPlace(walk(['placed', 'placed', 'placed']), 2)).toBe(2);
    expect(nextToPlace([], 0)).toBe(0);
  });

  it('starts at the first unset point; steps wrap', () => {
    expect(firstToPlace(walk(['placed', 'absent', 'unset', 'unset']))).toBe(2);
    expect(firstToPlace(walk(['placed', 'placed']))).toBe(0);
    expect(stepLandmark(0, -1, 14)).toBe(13);
    expect(stepLandmark(13, 1, 14)).toBe(0);
    expect(allResolved(walk(['placed', 'absent']))).toBe(true);
    expect(allResolved(walk(['placed', 'unset']))).toBe(false);
  });
});

describe('local application of changes (what the host will store)', () => {
  it('places, keeps the suggestion and measures how far the point moved from it', () => {
    const suggestion = { x: 10, y: 10, confidence: 0.5, source: 'atlas' as const };
    const [accepted] = applyChanges([value('a')], [{ landmark: 'a', state: 'placed', x: 10, y: 10, suggestion }]);
    expect(accepted).toMatchObject({ state: 'placed', x: 10, y: 10, suggested: true, movedBy: 0 });
    const [moved] = applyChanges([accepted!], [{ landmark: 'a', state: 'placed', x: 13, y: 14 }]);
    expect(moved).toMatchObject({ x: 13, y: 14, suggestion, suggested: true, movedBy: 5 });
  });

  it('absent and unset drop the position; lock is kept unless given; untouched points stay as they are', () => {
    const before = [value('a', 'placed', { locked: true }), value('b', 'placed')];
    const after = applyChanges(before, [{ landmark: 'b', state: 'absent' }]);
    expect(after[0]).toBe(before[0]);
    expect(after[1]).toMatchObject({ state: 'absent', x: null, y: null, locked: false });
    expect(applyChanges(before, [{ landmark: 'a', state: 'unset' }])[0]).toMatchObject({ state: 'unset', x: null, locked: false });
    expect(applyChanges(before, [{ landmark: 'b', state: 'placed', x: 1, y: 2, locked: true }])[1]!.locked).toBe(true);
  });

  it('a value turned into a change and applied again gives the same value (undo/redo are exact)', () => {
    const v = value('a', 'placed', { locked: true, suggestion: { x: 3, y: 4, confidence: 1, source: 'model' }, suggested: true, movedBy: Math.hypot(2, 2) });
    expect(applyChanges([value('a')], [changeOf(v)])[0]).toEqual(v);
    expect(stateText(v)).toBe('placed, locked, suggested');
  });

  it('ghosts only for points still unset', () => {
    const s = (landmark: string) => ({ landmark, x: 1, y: 1, confidence: 0.5, radius: 3, source: 'atlas' as const });
    expect(ghostsFor(walk(['placed', 'unset', 'absent']), [s('p0'), s('p1'), s('p2')]).map((g) => g.landmark)).toEqual(['p1']);
  });
});
