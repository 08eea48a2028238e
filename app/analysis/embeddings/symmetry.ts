import { cosine } from '../report/vectors';
import type { LandmarkFeatures } from './landmark-features';

export type PartnerPair = readonly [string, string];

export interface SymmetryScore {
  /** Mean cosine distance between a landmark's mirrored patch and its partner's patch in the same image. */
  readonly flippedToPartner: number;
  /** The same without mirroring: the baseline a symmetry-aware model should beat. */
  readonly unflippedToPartner: number;
  /** (image, partner pair) instances averaged over. */
  readonly pairs: number;
}

/** Each left/right pair of a template once, from its points' mutual `partner` ids. */
export function partnerPairs(points: readonly { readonly id: string; readonly partner: string | null }[]): PartnerPair[] {
  return points.filter((p) => p.partner !== null && p.id < p.partner).map((p) => [p.id, p.partner!] as const);
}

/**
 * Symmetry of the embedding (ACE's symmetry study): mirroring a left landmark's patch should land it on its right
 * partner. Distances are 1 − cos between pooled features, in the feature space itself so the number does not
 * depend on the projection. Both directions of each pair count (mirrored left vs right, mirrored right vs left);
 * the unflipped distance is left vs right. Null when no image has both partners with mirrored patches.
 */
export function symmetryScore(landmarks: LandmarkFeatures, pairs: readonly PartnerPair[]): SymmetryScore | null {
  const byKey = new Map<string, Float32Array>();
  landmarks.entries.forEach((e, i) => byKey.set(`${e.imageId}\u0000${e.landmark}\u0000${e.flipped}`, landmarks.features[i]!));
  const images = [...new Set(landmarks.entries.map((e) => e.imageId))];
  let flipped = 0;
  let unflipped = 0;
  let count = 0;
  for (const imageId of images) {
    const at = (landmark: string, mirrored: boolean) => byKey.get(`${imageId}\u0000${landmark}\u0000${mirrored}`);
    for (const [a, b] of pairs) {
      const [fa, fb, ma, mb] = [at(a, false), at(b, false), at(a, true), at(b, true)];
      if (!fa || !fb || !ma || !mb) continue;
      flipped += (1 - cosine(ma, fb) + (1 - cosine(mb, fa))) / 2;
      unflipped += 1 - cosine(fa, fb);
      count++;
    }
  }
  return count === 0 ? null : { flippedToPartner: flipped / count, unflippedToPartner: unflipped / count, pairs: count };
}
