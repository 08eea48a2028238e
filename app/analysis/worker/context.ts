import { openExtractor, type ExtractorSpec } from '../features/extractors';
import { createFeatureService, type FeatureService } from '../features/service';
import type { FeatureExtractor } from '../features/types';

/** What an analysis operation gets: the warm feature service and models, cancellation and progress. */
export interface AnalysisContext {
  readonly signal: AbortSignal;
  readonly progress: (done: number, total: number | null, message?: string) => void;
  readonly features: FeatureService;
  /** "wasm (1 thread)" */
  readonly compute: string;
  extractor(spec: ExtractorSpec): Promise<FeatureExtractor>;
  /** Keeps the few latest expensive intermediate results (e.g. prepared co-segmentations) between calls. */
  memo<T>(key: string, make: () => Promise<T>): Promise<T>;
}

const MAX_MODELS = 3;
const MAX_MEMOS = 4;

/** Least-recently-used map: `get` refreshes, inserting beyond `max` evicts (and reports) the oldest. */
function lru<V>(max: number, evicted: (value: V) => void = () => undefined) {
  const map = new Map<string, V>();
  return {
    get(key: string): V | undefined {
      const v = map.get(key);
      if (v !== undefined) {
        map.delete(key);
        map.set(key, v);
      }
      return v;
    },
    set(key: string, value: V): void {
      map.set(key, value);
      for (const [oldKey, old] of map) {
        if (map.size <= max) break;
        map.delete(oldKey);
        evicted(old);
      }
    },
    delete(key: string): void {
      map.delete(key);
    },
  };
}

export function createAnalysisContext(options: { cacheDir: string; compute: string }) {
  const features = createFeatureService({ cacheDir: options.cacheDir });
  const models = lru<Promise<FeatureExtractor>>(MAX_MODELS, (p) => void p.then((m) => m.dispose(), () => undefined));
  const memos = lru<Promise<unknown>>(MAX_MEMOS);

  const cached = <T>(cache: ReturnType<typeof lru<Promise<T>>>, key: string, make: () => Promise<T>): Promise<T> => {
    const hit = cache.get(key);
    if (hit) return hit;
    const made = make();
    cache.set(key, made);
    // A failed attempt must not stay cached: the next call retries (e.g. after a checkpoint appears).
    made.catch(() => cache.delete(key));
    return made;
  };

  return {
    forCall(signal: AbortSignal, progress: AnalysisContext['progress']): AnalysisContext {
      return {
        signal,
        progress,
        features,
        compute: options.compute,
        extractor: (spec) => cached(models, JSON.stringify(spec), () => openExtractor(spec)),
        memo: <T>(key: string, make: () => Promise<T>) => cached(memos as ReturnType<typeof lru<Promise<T>>>, key, make),
      };
    },
  };
}
