import type { Voi } from '../types';
import { lutLookup, lutMaxOutput } from './lut';

/**
 * Step 3: modality values → display values in [yMin, yMax] (PS3.3 C.11.2.1.2, C.11.2.1.3).
 * The closed forms below are the standard's, written out so tests can check them point by point.
 */

/** LINEAR: the classic window with the −0.5 / −1 offsets (C.11.2.1.2.1). Needs width ≥ 1. */
export function voiLinear(x: number, center: number, width: number, yMin: number, yMax: number): number {
  const c = center - 0.5;
  const w = width - 1;
  if (x <= c - w / 2) return yMin;
  if (x > c + w / 2) return yMax;
  return ((x - c) / w + 0.5) * (yMax - yMin) + yMin;
}

/** LINEAR_EXACT: no offsets (C.11.2.1.3.2). Needs width > 0. */
export function voiLinearExact(x: number, center: number, width: number, yMin: number, yMax: number): number {
  if (x <= center - width / 2) return yMin;
  if (x > center + width / 2) return yMax;
  return ((x - center) / width + 0.5) * (yMax - yMin) + yMin;
}

/** SIGMOID (C.11.2.1.3.1). Needs width > 0. */
export function voiSigmoid(x: number, center: number, width: number, yMin: number, yMax: number): number {
  return (yMax - yMin) / (1 + Math.exp((-4 * (x - center)) / width)) + yMin;
}

/** A VOI as a function onto [0, yMax] (continuous; the caller rounds). VOI LUT entries are rescaled from their declared bit depth. */
export function voiFunction(voi: Voi, yMax: number): (x: number) => number {
  if (voi.kind === 'lut') {
    const { lut } = voi;
    const scale = yMax / lutMaxOutput(lut);
    return (x) => lutLookup(lut, x) * scale;
  }
  const { center, width } = voi;
  switch (voi.function) {
    case 'LINEAR':
      // A LINEAR window narrower than 1 is undefined in the standard; treat it as a threshold at the center.
      return width >= 1 ? (x) => voiLinear(x, center, width, 0, yMax) : (x) => (x < center ? 0 : yMax);
    case 'LINEAR_EXACT':
      return (x) => voiLinearExact(x, center, width, 0, yMax);
    case 'SIGMOID':
      return (x) => voiSigmoid(x, center, width, 0, yMax);
  }
}
