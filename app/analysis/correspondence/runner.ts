import { gridSide } from '../features/settings';
import type { AnalysisImage, FeatureExtractor, FeatureService, FeatureSettings } from '../features/types';
import type { Point, Prediction } from './evaluate';
import { matchLandmarks, type MapPair, type PointMatchOptions } from './match';

/** Coarse (usually stride = patch) and optional fine (smaller stride, same layer/facet/input size) feature settings. */
export interface CorrespondenceSettings {
  readonly coarse: FeatureSettings;
  readonly fine?: FeatureSettings;
}

/** Named query landmarks (query px) to find on the key; images are named by the caller (paths, ids). */
export interface CorrespondencePair {
  readonly query: string;
  readonly key: string;
  readonly points: Readonly<Record<string, Point>>;
}

export type CorrespondenceStage = 'coarse features' | 'fine features' | 'matching';

export interface CorrespondenceRunOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (stage: CorrespondenceStage, done: number, total: number) => void;
  readonly match?: PointMatchOptions;
}

/** Fine strides tried when none is given, as divisors of the coarse stride (spec §5.1 uses 4 for 16-px patches). */
const FINE_DIVISORS = [4, 2];
/** A ViT's attention grows with the square of the token count: finer grids than this cost minutes on wasm. */
const MAX_FINE_TOKENS = 64 * 64;

/**
 * The extractor's defaults, log-binned, with the caller's overrides; `fineStride` null = no fine map, undefined = the default:
 * the smallest of stride/4, stride/2 (whole pixels) whose grid has at most 64² tokens, else none.
 */
export function correspondenceSettings(
  extractor: FeatureExtractor,
  overrides: Partial<FeatureSettings> & { readonly fineStride?: number | null } = {},
): CorrespondenceSettings {
  const { fineStride, ...coarseOverrides } = overrides;
  // Log-binned descriptors by default, as dino-vit-features matches (spec §5.1): each token then carries its
  // neighbourhood, which on jsrt-dev cut the median landmark error of every source by 5–6× (465 → 76 px for a
  // trained ViT-T, 512 → 74 px for raw pixels).
  const coarse: FeatureSettings = { ...extractor.defaults, logBin: true, ...coarseOverrides };
  const fits = (s: number): boolean => {
    const side = gridSide(coarse.inputSize, extractor.patchSize, s);
    return Number.isInteger(s) && Number.isInteger(side) && side * side <= MAX_FINE_TOKENS;
  };
  const fallback = FINE_DIVISORS.map((d) => coarse.stride / d).find(fits) ?? null;
  const fine = fineStride === undefined ? fallback : fineStride;
  const settings = fine === null ? { coarse } : { coarse, fine: { ...coarse, stride: fine } };
  checkSettings(settings);
  return settings;
}

export function checkSettings(settings: CorrespondenceSettings): void {
  const { coarse, fine } = settings;
  if (!fine) return;
  const same = coarse.layer === fine.layer && coarse.facet === fine.facet && coarse.inputSize === fine.inputSize && coarse.logBin === fine.logBin;
  if (!same) throw new RangeError('the fine feature settings must differ from the coarse ones only in the stride');
  if (fine.stride >= coarse.stride) throw new RangeError(`the fine stride (${fine.stride}) must be smaller than the coarse stride (${coarse.stride})`);
}

/** Feature maps (coarse and fine) of every named image, computed through the service (and so its cache). */
export async function featureMaps(
  service: FeatureService,
  extractor: FeatureExtractor,
  images: ReadonlyMap<string, AnalysisImage>,
  settings: CorrespondenceSettings,
  options: CorrespondenceRunOptions = {},
): Promise<Map<string, MapPair>> {
  checkSettings(settings);
  const names = [...images.keys()];
  const list = names.map((n) => images.get(n)!);
  const coarse = await service.features(extractor, list, settings.coarse, {
    signal: options.signal,
    onProgress: (done, total) => options.onProgress?.('coarse features', done, total),
  });
  const fine = settings.fine
    ? await service.features(extractor, list, settings.fine, {
        signal: options.signal,
        onProgress: (done, total) => options.onProgress?.('fine features', done, total),
      })
    : undefined;
  return new Map(names.map((n, i) => [n, { coarse: coarse[i]!, ...(fine ? { fine: fine[i]! } : {}) }]));
}

/** Pure: every pair's landmarks matched on precomputed maps. */
export function predictPairs(
  maps: ReadonlyMap<string, MapPair>,
  pairs: readonly CorrespondencePair[],
  options: CorrespondenceRunOptions = {},
): Prediction[] {
  const out: Prediction[] = [];
  pairs.forEach((pair, i) => {
    options.signal?.throwIfAborted();
    const query = maps.get(pair.query);
    const key = maps.get(pair.key);
    if (!query || !key) throw new RangeError(`pair ${i}: no feature maps for ${query ? `key "${pair.key}"` : `query "${pair.query}"`}`);
    for (const m of matchLandmarks(query, pair.points, key, options.match)) out.push({ query: pair.query, key: pair.key, ...m });
    options.onProgress?.('matching', i + 1, pairs.length);
  });
  return out;
}

/** Features for every image the pairs name, then the matches; `images` must hold every name used in `pairs`. */
export async function runCorrespondence(
  service: FeatureService,
  extractor: FeatureExtractor,
  images: ReadonlyMap<string, AnalysisImage>,
  pairs: readonly CorrespondencePair[],
  settings: CorrespondenceSettings,
  options: CorrespondenceRunOptions = {},
): Promise<Prediction[]> {
  pairs.forEach((p, i) => {
    for (const name of [p.query, p.key]) if (!images.has(name)) throw new RangeError(`pair ${i}: no image named "${name}"`);
  });
  const used = new Set(pairs.flatMap((p) => [p.query, p.key]));
  const maps = await featureMaps(service, extractor, new Map([...images].filter(([n]) => used.has(n))), settings, options);
  return predictPairs(maps, pairs, options);
}
