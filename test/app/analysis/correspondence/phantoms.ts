import type { Point } from '../../../../app/analysis/correspondence/evaluate';
import type { AnalysisImage } from '../../../../app/analysis/features/types';
import { createRng, generatePhantom, samplePatient, type Phantom } from '../../../../app/phantom';

export interface PosedPhantom {
  readonly name: string;
  readonly phantom: Phantom;
  readonly image: AnalysisImage;
  readonly landmarks: Readonly<Record<string, Point>>;
}

/**
 * Phantoms with a random affine pose far beyond the generator's natural spread (±10% shift, 0.8–1.05 scale per
 * axis, ±8°), so that "the landmark stays where it was" is a poor guess and a matcher has to find anatomy.
 */
export function posedPhantoms(count: number, size: number, seed = 1): PosedPhantom[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, (_, i) => {
    const phantomSeed = seed * 1000 + i;
    const patient = samplePatient(phantomSeed);
    const pose = { scaleX: rng.uniform(0.8, 1.05), scaleY: rng.uniform(0.8, 1.05), shiftX: rng.uniform(-0.1, 0.1), shiftY: rng.uniform(-0.1, 0.1), rotationDeg: rng.uniform(-8, 8) };
    const p = generatePhantom({ seed: phantomSeed, size, patient: { ...patient, pose } });
    const name = `phantom-${phantomSeed}`;
    return {
      name,
      phantom: p,
      image: {
        key: `${name}-${size}`,
        width: p.width,
        height: p.height,
        load: async () => ({ width: p.width, height: p.height, channels: 1, data: Float32Array.from(p.pixels8) }),
      },
      landmarks: Object.fromEntries(p.landmarks.map((l) => [l.name, { x: l.x, y: l.y }])),
    };
  });
}
