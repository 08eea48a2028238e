import { describe, expect, it } from 'vitest';
import { chooseQuery, choosePoint, fromWorstCase, initialSelection, MAX_KEYS, toggleKey } from '../../../renderer/src/explore/correspondence/selection';
import { defaultTemplateId } from '../../../renderer/src/explore/model/templates';

describe('correspondence selection', () => {
  it('starts with the first image as query and the next four as keys', () => {
    expect(initialSelection([5, 6, 7, 8, 9, 10, 11])).toEqual({ queryId: 5, keyIds: [6, 7, 8, 9], point: undefined, reference: undefined });
    expect(initialSelection([])).toEqual({ queryId: undefined, keyIds: [], point: undefined, reference: undefined });
  });

  it('a new query forgets the point and is no longer a key', () => {
    const s = choosePoint(initialSelection([1, 2, 3]), { x: 4, y: 5 });
    expect(chooseQuery(s, 2)).toEqual({ queryId: 2, keyIds: [3], point: undefined, reference: undefined });
    expect(chooseQuery(s, 1)).toBe(s);
  });

  it('toggles keys up to the limit, never the query', () => {
    let s = initialSelection([1]);
    for (let id = 2; id < 2 + MAX_KEYS + 2; id++) s = toggleKey(s, id);
    expect(s.keyIds).toEqual([2, 3, 4, 5, 6, 7]);
    expect(toggleKey(s, 1)).toBe(s);
    expect(toggleKey(s, 4).keyIds).toEqual([2, 3, 5, 6, 7]);
  });

  it('opens a worst case as its query point against its key, with truth and prediction', () => {
    const s = fromWorstCase({ queryImageId: 3, keyImageId: 9, landmark: 'Carina', query: { x: 1, y: 2 }, truth: { x: 3, y: 4 }, predicted: { x: 30, y: 40 }, errorPx: 40.6 });
    expect(s).toEqual({
      queryId: 3,
      keyIds: [9],
      point: { x: 1, y: 2 },
      reference: { keyImageId: 9, landmark: 'Carina', truth: { x: 3, y: 4 }, predicted: { x: 30, y: 40 }, errorPx: 40.6 },
    });
    expect(choosePoint(s, { x: 0, y: 0 }).reference).toBeUndefined();
  });
});

describe('default template', () => {
  it('is the first with annotations, else the first', () => {
    expect(defaultTemplateId([{ id: 1, annotationCount: 0 }, { id: 2, annotationCount: 5 }])).toBe(2);
    expect(defaultTemplateId([{ id: 1, annotationCount: 0 }, { id: 2, annotationCount: 0 }])).toBe(1);
    expect(defaultTemplateId([])).toBeUndefined();
  });
});
