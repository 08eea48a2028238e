import type { FeatureSettingsInput } from '../../api/schemas/explore';
import { correspondenceSettings, type CorrespondenceSettings } from '../correspondence/runner';
import { readCachePlane } from '../features/images';
import type { AnalysisImage, ExtractorSpec, FeatureExtractor } from '../features/types';
import type { ImageRef } from '../refs';
import type { AnalysisContext } from '../worker/context';

/** What every Explore operation sends the worker: a feature source and optional settings over the defaults. */
export interface SourceInput {
  readonly spec: ExtractorSpec;
  readonly settings?: FeatureSettingsInput;
}

export const analysisImage = (ref: ImageRef): AnalysisImage => ({ key: ref.key, width: ref.width, height: ref.height, load: () => readCachePlane(ref.file) });

/** Drops unset fields so they do not override the extractor's defaults. */
function overrides(settings: FeatureSettingsInput | undefined): Partial<CorrespondenceSettings['coarse']> {
  return Object.fromEntries(Object.entries(settings ?? {}).filter(([, v]) => v !== undefined));
}

export async function openSource(input: SourceInput, ctx: AnalysisContext): Promise<{ extractor: FeatureExtractor; settings: CorrespondenceSettings }> {
  const extractor = await ctx.extractor(input.spec);
  return { extractor, settings: correspondenceSettings(extractor, overrides(input.settings)) };
}

/** Progress of the feature stages as "computing features (coarse)": the host restarts rate/ETA per stage. */
export const stageProgress =
  (ctx: AnalysisContext) =>
  (stage: string, done: number, total: number): void =>
    ctx.progress(done, total, stage);

export const elapsedSince = (start: number): number => Math.round(performance.now() - start);
