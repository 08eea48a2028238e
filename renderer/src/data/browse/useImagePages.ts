import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { ImageSummary, InputOf } from '../../../../app/api/contract';
import type { ApiClient } from '../../api';
import { useApi } from '../../api/ApiContext';
import { errorMessage } from '../../api/fieldErrors';
import { locate, MAX_CACHED_PAGES, PAGE_SIZE, pagesOfRange } from './paging';

export type ImageListQuery = Omit<InputOf<'images.list'>, 'offset' | 'limit'>;

/** The images of one query, fetched a page at a time as the grid (or the viewer) needs them. */
export interface ImagePages {
  /** Undefined until the first page arrives. */
  readonly total: number | undefined;
  readonly error: string | undefined;
  at(index: number): ImageSummary | undefined;
  /** Makes sure the pages holding [start, end) are loaded or loading. */
  request(start: number, end: number): void;
  /** The image at an index, fetching its page if needed. */
  load(index: number): Promise<ImageSummary | undefined>;
}

/**
 * A cache of pages for one query. Pages are kept least-recently-used first and trimmed to MAX_CACHED_PAGES, so
 * scrolling through 100,000 images never holds them all; a page in flight is requested once.
 */
export class PageStore implements ImagePages {
  private readonly pages = new Map<number, ImageSummary[]>();
  private readonly inflight = new Map<number, Promise<ImageSummary[] | undefined>>();
  /** Pages shown as they are but fetched again when next needed (the dataset changed under them, e.g. an import). */
  private readonly stale = new Set<number>();
  private generation = 0;
  private readonly listeners = new Set<() => void>();
  private controller = new AbortController();
  total: number | undefined = undefined;
  error: string | undefined = undefined;
  /** Changes whenever something visible changes; the hook re-renders on it. */
  version = 0;

  constructor(
    private readonly api: ApiClient,
    private readonly query: ImageListQuery,
    private readonly pageSize = PAGE_SIZE,
    private readonly maxPages = MAX_CACHED_PAGES,
  ) {}

  subscribe = (cb: () => void): (() => void) => {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  };

  getVersion = (): number => this.version;

  private changed(): void {
    this.version++;
    for (const cb of [...this.listeners]) cb();
  }

  at(index: number): ImageSummary | undefined {
    const { page, slot } = locate(index, this.pageSize);
    return this.pages.get(page)?.[slot];
  }

  request(start: number, end: number): void {
    for (const page of pagesOfRange(start, end, this.pageSize)) void this.fetchPage(page);
  }

  async load(index: number): Promise<ImageSummary | undefined> {
    const { page, slot } = locate(index, this.pageSize);
    const items = await this.fetchPage(page);
    return items?.[slot];
  }

  /** Stops the requests in flight (unmount); `activate` allows new ones (React may mount the same store again). */
  dispose(): void {
    this.controller.abort();
  }

  /** Marks every cached page stale: they stay on screen and are replaced as they come back, so nothing flashes. */
  invalidate(): void {
    this.generation++;
    for (const page of this.pages.keys()) this.stale.add(page);
    this.inflight.clear();
    this.changed();
  }

  activate(): void {
    if (!this.controller.signal.aborted) return;
    this.controller = new AbortController();
    this.inflight.clear();
  }

  private fetchPage(page: number): Promise<ImageSummary[] | undefined> {
    const cached = this.pages.get(page);
    if (cached) {
      // Touch: most recently used goes last.
      this.pages.delete(page);
      this.pages.set(page, cached);
      if (this.stale.has(page) && !this.inflight.has(page)) void this.fetchFresh(page);
      return Promise.resolve(cached);
    }
    return this.inflight.get(page) ?? this.fetchFresh(page);
  }

  private fetchFresh(page: number): Promise<ImageSummary[] | undefined> {
    const signal = this.controller.signal;
    const generation = this.generation;
    const promise = this.api
      .call('images.list', { ...this.query, offset: page * this.pageSize, limit: this.pageSize }, { signal })
      .then(
        (result) => {
          this.pages.delete(page);
          this.pages.set(page, result.items);
          // An answer to a request made before the last invalidate is shown but stays stale.
          if (generation === this.generation) this.stale.delete(page);
          while (this.pages.size > this.maxPages) this.pages.delete(this.pages.keys().next().value!);
          this.total = result.total;
          this.error = undefined;
          this.changed();
          return result.items;
        },
        (err: unknown) => {
          if (signal.aborted) return undefined;
          this.error = errorMessage(err);
          this.changed();
          return undefined;
        },
      )
      .finally(() => {
        if (this.inflight.get(page) === promise) this.inflight.delete(page);
      });
    this.inflight.set(page, promise);
    return promise;
  }
}

/**
 * Pages of `images.list` for a query. A new query starts a new cache; a change of `refresh` (the dataset changed)
 * refetches the pages in view while still showing the old ones.
 */
export function useImagePages(query: ImageListQuery, refresh: number): ImagePages & { version: number } {
  const api = useApi();
  const key = JSON.stringify(query);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the key stands for the query
  const store = useMemo(() => new PageStore(api, query), [api, key]);
  useEffect(() => {
    store.activate();
    store.request(0, 1);
    return () => store.dispose();
  }, [store]);
  const seenRefresh = useRef(refresh);
  useEffect(() => {
    if (seenRefresh.current === refresh) return;
    seenRefresh.current = refresh;
    store.invalidate();
    store.request(0, 1);
  }, [store, refresh]);
  const version = useSyncExternalStore(store.subscribe, store.getVersion);
  return useMemo(
    () => ({
      total: store.total,
      error: store.error,
      version,
      at: (i: number) => store.at(i),
      request: (s: number, e: number) => store.request(s, e),
      load: (i: number) => store.load(i),
    }),
    [store, version],
  );
}
