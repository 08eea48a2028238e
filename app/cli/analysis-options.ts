import { resolveCheckpointRef } from '../analysis/checkpoint-ref';
import { FACETS, type ExtractorSpec, type Facet, type FeatureSettings } from '../analysis/features/types';
import { UsageError, type CommandContext } from './command';

/** Options the analysis commands (correspond, cosegment) share: the model to use and its feature settings. */

export function text(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.options[name];
  return typeof v === 'string' ? v : undefined;
}

export function required(ctx: CommandContext, name: string, what: string): string {
  const v = text(ctx, name);
  if (v === undefined) throw new UsageError(`--${name} <${what}> is required.`);
  return v;
}

export function integer(ctx: CommandContext, name: string): number | undefined {
  const v = text(ctx, name);
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v.trim())) throw new UsageError(`--${name} must be an integer, got "${v}".`);
  return Number(v);
}

/** --checkpoint <run-id|checkpoint|random|pixels> with --like (random only) and --weights (checkpoints only). */
export function extractorSpec(ctx: CommandContext): ExtractorSpec {
  const value = required(ctx, 'checkpoint', 'run-id|checkpoint|random|pixels');
  const like = text(ctx, 'like');
  const weights = text(ctx, 'weights');
  if (like !== undefined && value !== 'random') throw new UsageError('--like only goes with --checkpoint random.');
  if (weights !== undefined && (value === 'random' || value === 'pixels')) throw new UsageError('--weights only goes with a checkpoint or run.');
  if (weights !== undefined && weights !== 'teacher' && weights !== 'student') throw new UsageError(`--weights must be teacher or student, not "${weights}".`);
  const spec = resolveCheckpointRef(ctx.runtime.store.db, value, like === undefined ? {} : { like });
  return spec.kind === 'checkpoint' && weights !== undefined ? { ...spec, weights } : spec;
}

/** --layer, --facet, --input-size, --stride over the extractor's defaults. */
export function featureOverrides(ctx: CommandContext): Partial<FeatureSettings> {
  const facet = text(ctx, 'facet');
  if (facet !== undefined && !(FACETS as readonly string[]).includes(facet)) throw new UsageError(`--facet must be one of ${FACETS.join(', ')}.`);
  const layer = integer(ctx, 'layer');
  const inputSize = integer(ctx, 'input-size');
  const stride = integer(ctx, 'stride');
  return {
    ...(layer !== undefined ? { layer } : {}),
    ...(facet !== undefined ? { facet: facet as Facet } : {}),
    ...(inputSize !== undefined ? { inputSize } : {}),
    ...(stride !== undefined ? { stride } : {}),
  };
}
