import { describe, expect, it } from 'vitest';
import type { TemplatePoint } from '../../../renderer/src/annotate/landmarks';
import { annotatedRemovals, freeId, movePoint, newPoint, removePoint, setPartner, slugOf } from '../../../renderer/src/annotate/templates/points';

const pt = (id: string, partner: string | null = null): TemplatePoint => ({ id, name: id.toUpperCase(), description: '', colour: '#123456', partner, mayBeAbsent: false });

describe('template point edits', () => {
  it('ids are slugs, unique in the template', () => {
    expect(slugOf('Right lung apex')).toBe('right_lung_apex');
    expect(slugOf('  Top of aortic knob! ')).toBe('top_of_aortic_knob');
    expect(slugOf('***')).toBe('point');
    expect(freeId('Carina', [pt('carina'), pt('carina_2')])).toBe('carina_3');
    expect(newPoint([pt('a'), pt('b')])).toMatchObject({ id: 'point_3', name: 'Point 3', partner: null, mayBeAbsent: false });
  });

  it('partners are symmetric; re-pairing leaves the old partners alone', () => {
    const points = [pt('a', 'b'), pt('b', 'a'), pt('c', 'd'), pt('d', 'c')];
    expect(setPartner(points, 0, 'c').map((p) => p.partner)).toEqual(['c', null, 'a', null]);
    expect(setPartner(points, 0, null).map((p) => p.partner)).toEqual([null, null, 'd', 'c']);
    expect(removePoint(points, 1).map((p) => [p.id, p.partner])).toEqual([
      ['a', null],
      ['c', 'd'],
      ['d', 'c'],
    ]);
  });

  it('reorders within bounds and names the annotated points an edit removes', () => {
    const points = [pt('a'), pt('b'), pt('c')];
    expect(movePoint(points, 2, -1).map((p) => p.id)).toEqual(['a', 'c', 'b']);
    expect(movePoint(points, 0, -1).map((p) => p.id)).toEqual(['a', 'b', 'c']);
    expect(annotatedRemovals(points, [pt('b')], { a: 3, c: 0 })).toEqual(['a']);
  });
});
