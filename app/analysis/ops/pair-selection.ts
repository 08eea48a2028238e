import { createRng } from '../../phantom/prng';

/**
 * Ordered (query, key) pairs of distinct images, a seeded sample of all of them: every image can be both, so with
 * few annotated images the evaluation still uses each in both roles, and the same seed gives the same report.
 */
export function choosePairs(ids: readonly number[], maxPairs: number, seed: number): [number, number][] {
  const all: [number, number][] = [];
  for (const q of ids) for (const k of ids) if (q !== k) all.push([q, k]);
  const rng = createRng(seed);
  for (let i = all.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, maxPairs);
}
