import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { columnsFor, gridKeyTarget, indexRangeOfRows, rowCount } from './paging';
import { ImageTile, TileSkeleton } from './ImageTile';
import type { ImagePages } from './useImagePages';
import { useElementSize } from './useElementSize';

/**
 * Tile geometry in CSS pixels: tiles are at least TILE_WIDTH wide and stretch to fill the row; all rows have the same
 * height, so the virtualizer never has to measure the DOM.
 */
export const TILE_WIDTH = 132;
export const TILE_GAP = 8;
const NAME_HEIGHT = 20;
const PADDING = 8;

interface ImageGridProps {
  readonly pages: ImagePages & { version: number };
  /** The image shown in the viewer, kept in view. */
  readonly currentIndex: number | null;
  onOpen(index: number): void;
}

/**
 * Rows of as many thumbnails as fit the width. Only the rows in view (plus a few) exist in the DOM, and only their
 * pages of `images.list` are fetched, so 100,000 images scroll like 100.
 */
export function ImageGrid({ pages, currentIndex, onOpen }: ImageGridProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const { width, height } = useElementSize(scrollRef);
  const total = pages.total ?? 0;
  const inner = Math.max(0, width - 2 * PADDING);
  const columns = columnsFor(inner, TILE_WIDTH, TILE_GAP);
  const tileWidth = Math.max(TILE_WIDTH, Math.floor((inner - (columns - 1) * TILE_GAP) / columns));
  const rowHeight = tileWidth + NAME_HEIGHT + TILE_GAP;
  const rows = rowCount(total, columns);

  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 3,
    paddingStart: PADDING,
    paddingEnd: PADDING,
  });
  useEffect(() => virtualizer.measure(), [virtualizer, rowHeight]);
  const items = virtualizer.getVirtualItems();
  const firstRow = items[0]?.index ?? 0;
  const lastRow = items[items.length - 1]?.index ?? -1;

  useEffect(() => {
    const [start, end] = indexRangeOfRows(firstRow, lastRow, columns, total);
    pages.request(start, end);
  }, [pages, firstRow, lastRow, columns, total]);

  useEffect(() => {
    if (currentIndex !== null && columns > 0) virtualizer.scrollToIndex(Math.floor(currentIndex / columns), { align: 'auto' });
  }, [currentIndex, columns, virtualizer]);

  // Keyboard: one tile is in the tab order (roving tabindex); arrows, Page Up/Down, Home and End move between tiles,
  // scrolling rows in as needed; Enter or Space opens the viewer.
  const [active, setActive] = useState(0);
  const [focusPending, setFocusPending] = useState(false);
  const [firstShown] = indexRangeOfRows(firstRow, lastRow, columns, total);
  const [, endShown] = indexRangeOfRows(firstRow, lastRow, columns, total);
  const tabbable = active >= firstShown && active < endShown ? active : firstShown;
  const rowsPerPage = Math.max(1, Math.floor(height / rowHeight));

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const from = Number((e.target as HTMLElement).dataset.index);
    if (!Number.isInteger(from)) return;
    const next = gridKeyTarget(e.key, from, columns, total, rowsPerPage);
    if (next === null) return;
    e.preventDefault();
    setActive(next);
    setFocusPending(true);
    virtualizer.scrollToIndex(Math.floor(next / columns), { align: 'auto' });
  };

  useEffect(() => {
    if (!focusPending) return;
    const tile = scrollRef.current?.querySelector<HTMLElement>(`.tile[data-index="${active}"]`);
    if (tile) {
      tile.focus({ preventScroll: true });
      setFocusPending(false);
    }
  });

  return (
    <div ref={scrollRef} className="grid-scroll" tabIndex={-1}>
      <div role="list" aria-label="Images" className="grid-canvas" style={{ height: virtualizer.getTotalSize() }} onKeyDown={onKeyDown}>
        {items.map((row) => {
          const start = row.index * columns;
          const end = Math.min(total, start + columns);
          const cells = [];
          for (let i = start; i < end; i++) {
            const image = pages.at(i);
            cells.push(
              image ? (
                <ImageTile
                  key={i}
                  image={image}
                  index={i}
                  total={total}
                  current={i === currentIndex}
                  tabbable={i === tabbable}
                  onOpen={(index) => {
                    setActive(index);
                    onOpen(index);
                  }}
                />
              ) : (
                <TileSkeleton key={i} index={i} total={total} />
              ),
            );
          }
          return (
            <div
              key={row.key}
              role="presentation"
              className="grid-row"
              style={{
                transform: `translateY(${row.start}px)`,
                height: rowHeight - TILE_GAP,
                gap: TILE_GAP,
                paddingLeft: PADDING,
                gridTemplateColumns: `repeat(${columns}, ${tileWidth}px)`,
              }}
            >
              {cells}
            </div>
          );
        })}
      </div>
    </div>
  );
}
