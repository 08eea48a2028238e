/** Grid layout and paging arithmetic, kept pure so it can be tested without a DOM. */

/** Images fetched per `images.list` call; the grid asks for pages as they scroll into view. */
export const PAGE_SIZE = 200;

/** Pages kept in memory per query (least recently used go first): 60 × 200 = 12,000 summaries at most. */
export const MAX_CACHED_PAGES = 60;

/** How many tiles of `tileWidth` fit in a row of `width`, with `gap` between tiles; at least one. */
export function columnsFor(width: number, tileWidth: number, gap: number): number {
  if (!(width > 0)) return 1;
  return Math.max(1, Math.floor((width + gap) / (tileWidth + gap)));
}

export function rowCount(total: number, columns: number): number {
  return total <= 0 ? 0 : Math.ceil(total / Math.max(1, columns));
}

/** The image indexes [start, end) shown by rows firstRow..lastRow (inclusive). */
export function indexRangeOfRows(firstRow: number, lastRow: number, columns: number, total: number): [number, number] {
  if (total <= 0 || lastRow < firstRow) return [0, 0];
  const start = Math.min(total, Math.max(0, firstRow) * columns);
  const end = Math.min(total, (lastRow + 1) * columns);
  return [start, Math.max(start, end)];
}

/** The pages that hold the indexes [start, end). */
export function pagesOfRange(start: number, end: number, pageSize = PAGE_SIZE): number[] {
  if (end <= start) return [];
  const first = Math.floor(start / pageSize);
  const last = Math.floor((end - 1) / pageSize);
  const pages: number[] = [];
  for (let p = first; p <= last; p++) pages.push(p);
  return pages;
}

/** Page number and position within it of an image index. */
export function locate(index: number, pageSize = PAGE_SIZE): { page: number; slot: number } {
  return { page: Math.floor(index / pageSize), slot: index % pageSize };
}

/** The next index in the order when moving by `step`, or null past either end. */
export function stepIndex(index: number, step: number, total: number): number | null {
  const next = index + step;
  return next >= 0 && next < total ? next : null;
}

/** Where a key moves the focus in a grid of `columns` (null: not a navigation key, or nowhere to go). */
export function gridKeyTarget(key: string, index: number, columns: number, total: number, rowsPerPage: number): number | null {
  if (total <= 0) return null;
  const clamp = (i: number) => Math.min(total - 1, Math.max(0, i));
  let next: number;
  switch (key) {
    case 'ArrowRight':
      next = index + 1;
      break;
    case 'ArrowLeft':
      next = index - 1;
      break;
    case 'ArrowDown':
      next = index + columns;
      break;
    case 'ArrowUp':
      next = index - columns;
      break;
    case 'PageDown':
      next = index + columns * rowsPerPage;
      break;
    case 'PageUp':
      next = index - columns * rowsPerPage;
      break;
    case 'Home':
      next = 0;
      break;
    case 'End':
      next = total - 1;
      break;
    default:
      return null;
  }
  const target = clamp(next);
  return target === index ? null : target;
}
