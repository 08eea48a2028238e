import type { SuggestedPoint } from '../../api/schemas/annotations';
import { quantile, type Point } from '../correspondence/evaluate';
import { alignedPosition, matchDescriptors, queryDescriptors, type MapPair, type PointMatchOptions, type QueryDescriptors } from '../correspondence/match';
import { correspondenceSettings, featureMaps, type CorrespondenceSettings } from '../correspondence/runner';
import { meanDescriptor } from '../correspondence/similarity';
import type { AnalysisImage, FeatureExtractor, FeatureService } from '../features/types';
import type { AnnotatedImage } from '../refs';
import type { ProviderAnswer, SuggestionProvider, SuggestionTarget } from './types';

/**
 * Model-based suggestions (zero-shot correspondence): each landmark goes where the target looks most like the
 * reference images at that landmark. The similarity maps of up to `maxReferences` references are averaged —
 * which equals matching their mean descriptor — on the coarse map near the references' mean aligned position (see
 * DEFAULT_SEARCH_RADIUS), then refined on the fine map.
 *
 * Confidence (shown in the UI): how much the match stands out of the target's similarity map,
 *   confidence = (s_match − s_median) / (1 − s_median), clipped to 0–1,
 * with s the mean cosine similarity to the references' descriptors on the coarse grid. 1 = a perfect match on a
 * map that is otherwise unlike it; 0 = the best place is no more similar than a typical one. Using the contrast
 * rather than the raw cosine keeps it comparable across models and the pixel baseline, whose cosines are all high.
 * Radius: the RMS distance of the single references' own matches from the suggestion (how much they disagree),
 * at least one stride of the finest map searched (the resolution of the match).
 */

export interface ModelSuggestionDeps {
  /** The project's model (owned by the caller, who disposes of it), or why there is none (shown to the annotator). */
  readonly extractor: (target: SuggestionTarget) => Promise<FeatureExtractor | string>;
  readonly features: FeatureService;
  /** Images of the target's dataset with landmarks of the target's template placed (the target is left out here). */
  readonly references: (target: SuggestionTarget) => Promise<readonly AnnotatedImage[]> | readonly AnnotatedImage[];
  readonly image: (imageId: number) => AnalysisImage;
  /** Default: correspondenceSettings(extractor) (its defaults plus a fine map). */
  readonly settings?: (extractor: FeatureExtractor) => CorrespondenceSettings;
  /** References averaged per landmark (default 5): those with the most of the template's points. */
  readonly maxReferences?: number;
  /** searchRadius: see suggestFromMaps (default DEFAULT_SEARCH_RADIUS; null = search the whole image). */
  readonly match?: Omit<PointMatchOptions, 'searchRadius'> & { readonly searchRadius?: number | null };
}

const DEFAULT_REFERENCES = 5;
/**
 * Suggestions search within 15% of the image side around where the references put the landmark (their mean
 * normalised position, i.e. the atlas): radiographs are roughly aligned, and early checkpoints tell anatomy apart
 * only locally: on jsrt-dev (1024²) a 258-step ACE ViT-T matched over the whole image lands ~400 px off on average,
 * within 5–10% of the side 67–73 px, where the unchanged relative position is 70 px off.
 */
export const DEFAULT_SEARCH_RADIUS = 0.15;

function pickReferences(all: readonly AnnotatedImage[], target: SuggestionTarget, max: number): AnnotatedImage[] {
  const wanted = new Set(target.points.map((p) => p.id));
  const covered = (r: AnnotatedImage) => Object.keys(r.points).filter((id) => wanted.has(id)).length;
  return all
    .filter((r) => r.imageId !== target.imageId && covered(r) > 0)
    .sort((a, b) => covered(b) - covered(a) || b.imageId - a.imageId)
    .slice(0, max);
}

/** The references' mean aligned position of a landmark on the target (the atlas), with a radius of `fraction` of its side. */
function atlasWindow(placed: readonly { readonly maps: MapPair; readonly point: Point }[], target: MapPair, fraction: number) {
  const aligned = placed.map((r) => alignedPosition(r.maps, r.point, target));
  return {
    x: aligned.reduce((a, p) => a + p.x, 0) / aligned.length,
    y: aligned.reduce((a, p) => a + p.y, 0) / aligned.length,
    radius: fraction * Math.max(target.coarse.imageWidth, target.coarse.imageHeight),
  };
}

/**
 * Pure: suggestions on the target's maps from the references' maps and landmarks. With `searchRadius` (fraction
 * of the target's longer side) each landmark is searched around the references' mean aligned position.
 */
export function suggestFromMaps(
  target: MapPair,
  references: readonly { readonly maps: MapPair; readonly points: Readonly<Record<string, Point>> }[],
  landmarks: readonly string[],
  options: PointMatchOptions = {},
): SuggestedPoint[] {
  const { searchRadius, ...matchOptions } = options;
  const finest = target.fine ?? target.coarse;
  const cell = Math.max((finest.stride / finest.inputSize) * finest.imageWidth, (finest.stride / finest.inputSize) * finest.imageHeight);
  const out: SuggestedPoint[] = [];
  for (const landmark of landmarks) {
    const placed = references.flatMap((r) => (r.points[landmark] ? [{ maps: r.maps, point: r.points[landmark] }] : []));
    if (placed.length === 0) continue;
    const descriptors: QueryDescriptors[] = placed.map((r) => queryDescriptors(r.maps, r.point));
    const options = searchRadius === undefined ? matchOptions : { ...matchOptions, near: atlasWindow(placed, target, searchRadius) };
    const fine = descriptors.every((d) => d.fine) ? meanDescriptor(descriptors.map((d) => d.fine!)) : undefined;
    const mean: QueryDescriptors = { coarse: meanDescriptor(descriptors.map((d) => d.coarse)), ...(fine ? { fine } : {}) };
    const match = matchDescriptors(mean, target, options);
    const coarse = [...match.coarse.values].sort((a, b) => a - b);
    const median = quantile(coarse, 0.5);
    const peak = coarse[coarse.length - 1]!;
    const confidence = median < 1 ? Math.min(1, Math.max(0, (peak - median) / (1 - median))) : 0;
    const spread = descriptors.map((d) => {
      const m = matchDescriptors(d, target, options);
      return (m.x - match.x) ** 2 + (m.y - match.y) ** 2;
    });
    const radius = Math.max(cell, Math.sqrt(spread.reduce((a, s) => a + s, 0) / spread.length));
    out.push({ landmark, x: match.x, y: match.y, confidence, radius, source: 'model' });
  }
  return out;
}

function matchOptions(given: ModelSuggestionDeps['match'] = {}): PointMatchOptions {
  const { searchRadius = DEFAULT_SEARCH_RADIUS, ...rest } = given;
  return searchRadius === null ? rest : { ...rest, searchRadius };
}

export function modelProvider(deps: ModelSuggestionDeps): SuggestionProvider {
  return {
    source: 'model',
    async suggest(target: SuggestionTarget, signal: AbortSignal): Promise<ProviderAnswer> {
      const references = pickReferences(await deps.references(target), target, deps.maxReferences ?? DEFAULT_REFERENCES);
      if (references.length === 0) {
        return { available: false, reason: 'No other image of this dataset has landmarks placed with this template yet.', basedOnImages: 0, points: [] };
      }
      const extractor = await deps.extractor(target);
      if (typeof extractor === 'string') return { available: false, reason: extractor, basedOnImages: 0, points: [] };
      const settings = deps.settings?.(extractor) ?? correspondenceSettings(extractor);
      const ids = [target.imageId, ...references.map((r) => r.imageId)];
      const maps = await featureMaps(deps.features, extractor, new Map(ids.map((id) => [String(id), deps.image(id)])), settings, { signal });
      const points = suggestFromMaps(
        maps.get(String(target.imageId))!,
        references.map((r) => ({ maps: maps.get(String(r.imageId))!, points: r.points })),
        target.points.map((p) => p.id),
        matchOptions(deps.match),
      );
      const n = references.length;
      return {
        available: points.length > 0,
        reason: `Matched to ${n} annotated image${n === 1 ? '' : 's'} with ${extractor.label}.`,
        basedOnImages: n,
        points,
      };
    },
  };
}
