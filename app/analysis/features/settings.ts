import { FACETS, type FeatureSettings } from './types';

/** Tokens per side: a patch-wide window slid by `stride` over the input, n = 1 + (inputSize − patch)/stride. */
export const gridSide = (inputSize: number, patch: number, stride: number): number => 1 + (inputSize - patch) / stride;

/** The 0-based block `layer` names (−1 = the last). */
export const resolveLayer = (layer: number, depth: number): number => (layer === -1 ? depth - 1 : layer);

/**
 * Throws a message naming the setting and the problem when `settings` cannot run on a model with this patch
 * size and depth (depth 0: a baseline without blocks, whose layer and facet are ignored).
 */
export function validateSettings(settings: FeatureSettings, patch: number, depth: number, what: string): void {
  const { inputSize, stride, layer, facet, logBin } = settings;
  const fail = (problem: string): never => {
    throw new Error(`${what}: ${problem}`);
  };
  if (!Number.isInteger(stride) || stride < 1) fail(`stride ${stride} must be a positive integer`);
  if (patch % stride !== 0) fail(`stride ${stride} must divide the patch size ${patch}`);
  if (!Number.isInteger(inputSize) || inputSize < patch) fail(`input size ${inputSize} must be an integer ≥ the patch size ${patch}`);
  if ((inputSize - patch) % stride !== 0) fail(`input size ${inputSize} minus the patch size ${patch} must be a multiple of the stride ${stride}`);
  if (typeof logBin !== 'boolean') fail('logBin must be true or false');
  if (depth === 0) return;
  if (!(FACETS as readonly string[]).includes(facet)) fail(`facet "${facet}" is not one of ${FACETS.join(', ')}`);
  if (!Number.isInteger(layer) || layer < -1 || layer >= depth) fail(`layer ${layer} is out of range: the model has blocks 0–${depth - 1} (−1 = the last)`);
}
