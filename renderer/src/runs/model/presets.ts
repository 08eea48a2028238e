/**
 * The backbone presets of app/ssl/nn/vit.ts (VIT_PRESETS), repeated here because that module pulls TensorFlow.js
 * into whatever imports it. Keep the two in step; test/renderer/runs/settings.test.ts compares them.
 */
export const BACKBONES = {
  'vit-t16': { label: 'ViT-T/16', embedDim: 192, depth: 12, numHeads: 3, patchSize: 16, imgSize: 224 },
  'vit-s16': { label: 'ViT-S/16', embedDim: 384, depth: 12, numHeads: 6, patchSize: 16, imgSize: 224 },
  'vit-b16': { label: 'ViT-B/16', embedDim: 768, depth: 12, numHeads: 12, patchSize: 16, imgSize: 224 },
  'vit-b32': { label: 'ViT-B/32', embedDim: 768, depth: 12, numHeads: 12, patchSize: 32, imgSize: 448 },
} as const;
export type BackboneId = keyof typeof BACKBONES;
export const BACKBONE_IDS = Object.keys(BACKBONES) as BackboneId[];

/** The methods of app/ssl/train/config.ts (METHODS), with the names the papers use. */
export const METHODS = {
  ace: 'ACE',
  peac: 'PEAC',
  'peac-1': 'PEAC⁻¹',
  dino: 'DINO',
  barlow: 'Barlow Twins',
} as const;
export type MethodId = keyof typeof METHODS;
export const METHOD_IDS = Object.keys(METHODS) as MethodId[];

export function methodLabel(method: string): string {
  return (METHODS as Record<string, string>)[method] ?? method;
}

/** Methods that crop from the ACE grid (image size matters); PEAC derives its image side from the cell size. */
export const usesGridCrops = (method: MethodId): boolean => method === 'ace' || method === 'dino' || method === 'barlow';
/** Methods with a DINO projection head, whose output size the form sets. */
export const hasDinoHead = (method: MethodId): boolean => method === 'ace' || method === 'dino';
/** Methods with an EMA teacher (a forward pass per view, no backward). */
export const hasTeacher = (method: MethodId): boolean => method !== 'barlow';
