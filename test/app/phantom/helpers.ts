import type { Phantom } from '../../../app/phantom/generate';

/** Landmark by id; throws so tests fail loudly on a missing name. */
export function lm(ph: Phantom, name: string): { x: number; y: number } {
  const l = ph.landmarks.find((p) => p.name === name);
  if (!l) throw new Error(`no landmark ${name}`);
  return l;
}

/** Mean of the stored 16-bit values in a (2r+1)² box centred at (x, y) (rounded to pixels, clipped). */
export function boxMean(ph: Phantom, x: number, y: number, r = 1): number {
  const cx = Math.round(x);
  const cy = Math.round(y);
  let sum = 0;
  let n = 0;
  for (let j = cy - r; j <= cy + r; j++) {
    for (let i = cx - r; i <= cx + r; i++) {
      if (i < 0 || j < 0 || i >= ph.width || j >= ph.height) continue;
      sum += ph.pixels16[j * ph.width + i] ?? 0;
      n++;
    }
  }
  if (n === 0) throw new Error(`box at ${x},${y} is outside the image`);
  return sum / n;
}

/** The patient's "down" direction on the image (rotated with the patient), as a unit vector. */
export function patientDown(ph: Phantom): { x: number; y: number } {
  const t = (ph.patient.pose.rotationDeg * Math.PI) / 180;
  return { x: -Math.sin(t), y: Math.cos(t) };
}

/** The patient's "image-right" direction (toward the patient's left). */
export function patientRight(ph: Phantom): { x: number; y: number } {
  const t = (ph.patient.pose.rotationDeg * Math.PI) / 180;
  return { x: Math.cos(t), y: Math.sin(t) };
}

/** Point = p + a·d1 + b·d2. */
export function offset(
  p: { x: number; y: number },
  d1: { x: number; y: number },
  a: number,
  d2: { x: number; y: number } = { x: 0, y: 0 },
  b = 0,
): { x: number; y: number } {
  return { x: p.x + a * d1.x + b * d2.x, y: p.y + a * d1.y + b * d2.y };
}
