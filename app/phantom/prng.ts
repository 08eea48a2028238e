/**
 * Seeded pseudo-random numbers for the phantom generator.
 *
 * Why our own: `Math.random` cannot be seeded, and the phantoms must be reproducible
 * byte for byte from a seed (tests, sample datasets, bug reports). We use
 * **mulberry32** (Tommy Ettinger, public domain): a 32-bit state, a period of 2^32,
 * passes the usual statistical batteries well enough for image noise and anatomy
 * jitter, and costs a handful of integer operations per draw (it is called once per
 * pixel for the noise). Seeds are first mixed with **splitmix32** so that nearby seeds
 * (0, 1, 2, …) give unrelated streams, and so that one seed can be split into
 * independent sub-streams (anatomy, vessels, noise) that do not shift when one of them
 * draws more numbers.
 *
 * All arithmetic is 32-bit integer (`Math.imul`, `>>>`), so results are identical on
 * every JavaScript engine and platform.
 */

/** splitmix32 finaliser: a bijective 32-bit hash with good avalanche. */
export function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Derive the seed of a named sub-stream, e.g. `subSeed(seed, 3)` for the noise. */
export function subSeed(seed: number, stream: number): number {
  return mix32(mix32(seed >>> 0) ^ Math.imul(stream + 1, 0x27d4eb2d));
}

/** A mulberry32 generator with a few convenience draws. Stateful by nature; create one per stream. */
export interface Rng {
  /** Uniform unsigned 32-bit integer. */
  nextU32(): number;
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Standard normal variate (Box–Muller). */
  normal(): number;
  /** Normal with the given mean and standard deviation, clipped to mean ± 2.5 sd (no anatomical monsters). */
  gauss(mean: number, sd: number): number;
  /** true with probability p. */
  chance(p: number): boolean;
  /** Uniform integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number;
}

export function createRng(seed: number): Rng {
  let state = mix32(seed >>> 0);
  const nextU32 = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
  const next = (): number => nextU32() / 4294967296;
  const normal = (): number => {
    // 1 - next() is in (0, 1], so the log is finite.
    const r = Math.sqrt(-2 * Math.log(1 - next()));
    return r * Math.cos(2 * Math.PI * next());
  };
  return {
    nextU32,
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    normal,
    gauss: (mean, sd) => mean + sd * Math.max(-2.5, Math.min(2.5, normal())),
    chance: (p) => next() < p,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
  };
}

/**
 * Inline mulberry32 step for hot loops: returns the next state; the output is
 * `mulberry32Output(state)`. Keeping the state in a local variable avoids a closure
 * call per pixel.
 */
export const MULBERRY_INC = 0x6d2b79f5;
export function mulberry32Output(state: number): number {
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return (t ^ (t >>> 14)) >>> 0;
}

let normalTable: Float32Array | undefined;

/**
 * 65,536 standard-normal quantiles Φ⁻¹((k + 0.5) / 65536), built once without any
 * randomness. Indexing it with 16 random bits gives a normal variate for the price of
 * one integer draw — the per-pixel noise would otherwise spend most of its time in
 * `log`/`cos`. The tails are cut at ±4.3 sd, which is irrelevant for image noise.
 */
export function normalQuantileTable(): Float32Array {
  if (normalTable) return normalTable;
  const n = 65536;
  const t = new Float32Array(n);
  for (let k = 0; k < n; k++) t[k] = inverseNormalCdf((k + 0.5) / n);
  normalTable = t;
  return t;
}

/** Acklam's rational approximation of the inverse normal CDF (relative error < 1.2e-9). */
export function inverseNormalCdf(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const at = (arr: number[], i: number): number => arr[i] ?? 0;
  const pLow = 0.02425;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((at(c, 0) * q + at(c, 1)) * q + at(c, 2)) * q + at(c, 3)) * q + at(c, 4)) * q + at(c, 5)) /
      ((((at(d, 0) * q + at(d, 1)) * q + at(d, 2)) * q + at(d, 3)) * q + 1);
  }
  if (p > 1 - pLow) return -inverseNormalCdf(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((at(a, 0) * r + at(a, 1)) * r + at(a, 2)) * r + at(a, 3)) * r + at(a, 4)) * r + at(a, 5)) * q) /
    (((((at(b, 0) * r + at(b, 1)) * r + at(b, 2)) * r + at(b, 3)) * r + at(b, 4)) * r + 1);
}
