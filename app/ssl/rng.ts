/**
 * Deterministic PRNG (sfc32) seeded through splitmix32, so one integer seed fixes crops, initialisation and
 * data order. Its whole state is four uint32 words, which a checkpoint can store and restore exactly.
 */
export type RngState = readonly [number, number, number, number];

export interface Rng {
  /** Uniform uint32. */
  uint32(): number;
  /** Uniform in [0, 1) with 32 bits of resolution. */
  float(): number;
  /** Uniform integer in [lo, hi] (both inclusive). */
  int(lo: number, hi: number): number;
  /** Standard normal (Box–Muller; the spare value is discarded so the state stays four words). */
  normal(): number;
  state(): RngState;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function seedState(seed: number): RngState {
  const next = splitmix32(seed);
  return [next(), next(), next(), next()];
}

export function createRng(seedOrState: number | RngState): Rng {
  let [a, b, c, d] = typeof seedOrState === 'number' ? seedState(seedOrState) : seedOrState;
  const uint32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  const float = (): number => uint32() / 4294967296;
  return {
    uint32,
    float,
    int(lo, hi) {
      if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi < lo) throw new RangeError(`bad integer range [${lo}, ${hi}]`);
      return lo + Math.floor(float() * (hi - lo + 1));
    },
    normal() {
      // 1 - u keeps the logarithm finite.
      const u = 1 - float();
      const v = float();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    state: () => [a, b, c, d],
  };
}

/** Independent stream for a named purpose, so adding a consumer does not shift every other random draw. */
export function deriveSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return splitmix32(h)();
}
