import { describe, expect, it } from 'vitest';
import { columnsFor, gridKeyTarget, indexRangeOfRows, locate, pagesOfRange, rowCount, stepIndex } from '../../../renderer/src/data/browse/paging';

describe('grid paging math', () => {
  it('fits as many tiles per row as the width allows, at least one', () => {
    // 5 tiles of 140 with 8 px gaps need 5·140 + 4·8 = 732 px.
    expect(columnsFor(732, 140, 8)).toBe(5);
    expect(columnsFor(731, 140, 8)).toBe(4);
    expect(columnsFor(100, 140, 8)).toBe(1);
    expect(columnsFor(0, 140, 8)).toBe(1);
    expect(columnsFor(Number.NaN, 140, 8)).toBe(1);
  });

  it('counts rows, the last one partial', () => {
    expect(rowCount(0, 5)).toBe(0);
    expect(rowCount(1, 5)).toBe(1);
    expect(rowCount(10, 5)).toBe(2);
    expect(rowCount(11, 5)).toBe(3);
    expect(rowCount(100_000, 7)).toBe(14_286);
  });

  it('turns visible rows into an index range clipped to the total', () => {
    expect(indexRangeOfRows(0, 2, 5, 100)).toEqual([0, 15]);
    expect(indexRangeOfRows(3, 4, 5, 22)).toEqual([15, 22]);
    expect(indexRangeOfRows(10, 12, 5, 22)).toEqual([22, 22]);
    expect(indexRangeOfRows(0, 0, 5, 0)).toEqual([0, 0]);
    expect(indexRangeOfRows(4, 3, 5, 100)).toEqual([0, 0]);
  });

  it('lists the pages that cover a range (page size 200)', () => {
    expect(pagesOfRange(0, 0)).toEqual([]);
    expect(pagesOfRange(0, 1)).toEqual([0]);
    expect(pagesOfRange(0, 200)).toEqual([0]);
    expect(pagesOfRange(199, 201)).toEqual([0, 1]);
    expect(pagesOfRange(99_950, 100_000)).toEqual([499]);
    expect(pagesOfRange(10, 45, 10)).toEqual([1, 2, 3, 4]);
  });

  it('locates an index in its page', () => {
    expect(locate(0)).toEqual({ page: 0, slot: 0 });
    expect(locate(199)).toEqual({ page: 0, slot: 199 });
    expect(locate(200)).toEqual({ page: 1, slot: 0 });
    expect(locate(12_345)).toEqual({ page: 61, slot: 145 });
  });

  it('steps through the filtered order and stops at the ends', () => {
    expect(stepIndex(0, -1, 10)).toBeNull();
    expect(stepIndex(0, 1, 10)).toBe(1);
    expect(stepIndex(9, 1, 10)).toBeNull();
  });

  it('moves the keyboard focus through the grid, clamped to the ends', () => {
    // 5 columns, 23 images, 3 rows per page.
    expect(gridKeyTarget('ArrowRight', 4, 5, 23, 3)).toBe(5);
    expect(gridKeyTarget('ArrowLeft', 0, 5, 23, 3)).toBeNull();
    expect(gridKeyTarget('ArrowDown', 7, 5, 23, 3)).toBe(12);
    expect(gridKeyTarget('ArrowDown', 19, 5, 23, 3)).toBe(22);
    expect(gridKeyTarget('ArrowUp', 3, 5, 23, 3)).toBe(0);
    expect(gridKeyTarget('PageDown', 1, 5, 23, 3)).toBe(16);
    expect(gridKeyTarget('End', 1, 5, 23, 3)).toBe(22);
    expect(gridKeyTarget('Home', 22, 5, 23, 3)).toBe(0);
    expect(gridKeyTarget('a', 1, 5, 23, 3)).toBeNull();
  });
});
