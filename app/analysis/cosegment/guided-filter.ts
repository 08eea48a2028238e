/**
 * The guided filter (He, Sun & Tang, 2013): smooths an input the way the guide image allows. In every window the
 * output is a linear function of the guide, q = a·I + b, fitted to the input by least squares with a ridge `eps`
 * on a. Where the guide is flat (variance ≪ eps) it is a box blur; across a guide edge (variance ≫ eps) the output
 * takes the edge's shape — so label scores upsampled from a coarse token grid snap to the image's boundaries.
 * It replaces the dense CRF of spec §5.2 at O(pixels) per channel, independent of the radius.
 */
import { boxMeanFilter } from './raster';

export interface GuidedFilter {
  /** The filtered input (same size as the guide). */
  apply(input: Float32Array): Float32Array;
}

/**
 * Prepares the guide's statistics once for several inputs. guide: width × height, ideally scaled to [0, 1] so
 * eps reads as a squared contrast (eps 0.001: edges of contrast ≳ 0.03 are kept).
 */
export function guidedFilter(guide: Float32Array, width: number, height: number, radius: number, eps: number): GuidedFilter {
  const n = width * height;
  if (guide.length !== n) throw new Error(`guidedFilter: guide has ${guide.length} values, expected ${width}×${height}`);
  if (!(eps > 0)) throw new RangeError(`guidedFilter: eps must be positive, got ${eps}`);
  const mean = boxMeanFilter(width, height, radius);
  const meanI = mean(guide, new Float32Array(n));
  const sq = new Float32Array(n);
  for (let i = 0; i < n; i++) sq[i] = guide[i]! * guide[i]!;
  const denom = mean(sq, new Float32Array(n));
  for (let i = 0; i < n; i++) denom[i] = denom[i]! - meanI[i]! * meanI[i]! + eps;
  // Scratch reused by every apply: filtering K channels of one image allocates only the K outputs.
  const product = sq;
  const meanP = new Float32Array(n);
  const meanIP = new Float32Array(n);
  const a = new Float32Array(n);
  const b = new Float32Array(n);
  return {
    apply(input) {
      if (input.length !== n) throw new Error(`guidedFilter: input has ${input.length} values, expected ${n}`);
      for (let i = 0; i < n; i++) product[i] = input[i]! * guide[i]!;
      mean(input, meanP);
      mean(product, meanIP);
      for (let i = 0; i < n; i++) {
        const ai = (meanIP[i]! - meanI[i]! * meanP[i]!) / denom[i]!;
        a[i] = ai;
        b[i] = meanP[i]! - ai * meanI[i]!;
      }
      const meanA = mean(a, meanIP);
      const meanB = mean(b, meanP);
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = meanA[i]! * guide[i]! + meanB[i]!;
      return out;
    },
  };
}
