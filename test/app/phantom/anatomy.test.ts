import { describe, expect, it } from 'vitest';
import { generatePhantom, type Phantom } from '../../../app/phantom/generate';
import { boxMean, lm, offset, patientDown, patientRight } from './helpers';

const SEEDS = Array.from({ length: 30 }, (_, i) => 7 + i * 13);
const phantoms: Phantom[] = SEEDS.map((seed) => generatePhantom({ seed }));
const clean: Phantom[] = SEEDS.slice(0, 12).map((seed) => generatePhantom({ seed, noise: false }));

describe('landmark geometry', () => {
  it.each(phantoms.map((p) => [p.seed, p] as const))('seed %i: all 14 landmarks lie inside the image', (_seed, ph) => {
    expect(ph.landmarks).toHaveLength(14);
    for (const l of ph.landmarks) {
      expect(Number.isFinite(l.x) && Number.isFinite(l.y), l.name).toBe(true);
      expect(l.x, l.name).toBeGreaterThan(0);
      expect(l.y, l.name).toBeGreaterThan(0);
      expect(l.x, l.name).toBeLessThan(ph.width - 1);
      expect(l.y, l.name).toBeLessThan(ph.height - 1);
    }
  });

  it.each(phantoms.map((p) => [p.seed, p] as const))('seed %i: landmarks are anatomically ordered', (_seed, ph) => {
    const g = (n: string): { x: number; y: number } => lm(ph, n);
    const mid = ph.width / 2;
    // Radiological convention: the patient's right is on the image's LEFT.
    for (const n of ['right_lung_apex', 'right_costophrenic_angle', 'right_lateral_clavicle_end']) expect(g(n).x, n).toBeLessThan(mid);
    for (const n of ['left_lung_apex', 'left_costophrenic_angle', 'left_lateral_clavicle_end', 'cardiac_apex']) expect(g(n).x, n).toBeGreaterThan(mid);
    const carina = g('carina');
    for (const n of ['right_cardiophrenic_angle', 'right_heart_border', 'right_medial_clavicle_end']) expect(g(n).x, n).toBeLessThan(carina.x);
    for (const n of ['left_cardiophrenic_angle', 'aortic_knob_top', 'left_medial_clavicle_end']) expect(g(n).x, n).toBeGreaterThan(carina.x);
    // Vertical order: apices above everything in their lung; costophrenic angles lowest.
    for (const side of ['right', 'left']) {
      const apex = g(`${side}_lung_apex`);
      const cp = g(`${side}_costophrenic_angle`);
      const cph = g(`${side}_cardiophrenic_angle`);
      expect(apex.y).toBeLessThan(cph.y);
      expect(cph.y).toBeLessThan(cp.y + 1);
      expect(cp.y - apex.y).toBeGreaterThan(0.5 * ph.height);
      // The clavicle crosses below the apex; the lateral end is lateral to the medial end.
      expect(g(`${side}_medial_clavicle_end`).y).toBeGreaterThan(apex.y);
      const lat = g(`${side}_lateral_clavicle_end`);
      const med = g(`${side}_medial_clavicle_end`);
      expect(side === 'right' ? lat.x < med.x : lat.x > med.x).toBe(true);
    }
    // Costophrenic angles lateral to the cardiophrenic angles.
    expect(g('right_costophrenic_angle').x).toBeLessThan(g('right_cardiophrenic_angle').x);
    expect(g('left_costophrenic_angle').x).toBeGreaterThan(g('left_cardiophrenic_angle').x);
    // Carina between the clavicles' medial ends and below them, below the knob, above the heart.
    expect(carina.x).toBeGreaterThan(g('right_medial_clavicle_end').x);
    expect(carina.x).toBeLessThan(g('left_medial_clavicle_end').x);
    expect(carina.y).toBeGreaterThan(Math.max(g('right_medial_clavicle_end').y, g('left_medial_clavicle_end').y));
    expect(carina.y).toBeGreaterThan(g('aortic_knob_top').y);
    expect(carina.y).toBeLessThan(g('right_heart_border').y);
    // The heart's extreme points sit above the diaphragm, beside the spine.
    expect(g('right_heart_border').y).toBeLessThan(g('right_cardiophrenic_angle').y);
    expect(g('cardiac_apex').y).toBeLessThan(g('left_cardiophrenic_angle').y);
    expect(g('cardiac_apex').x - carina.x).toBeGreaterThan(carina.x - g('right_heart_border').x);
    // Cardiothoracic ratio in a plausible range.
    const ctr = (g('cardiac_apex').x - g('right_heart_border').x) / (g('left_costophrenic_angle').x - g('right_costophrenic_angle').x);
    expect(ctr).toBeGreaterThan(0.35);
    expect(ctr).toBeLessThan(0.68);
  });
});

describe('landmarks agree with the raster', () => {
  // Offsets in pixels at 512²: well outside the blur (σ ≤ 1.1 px), well inside the structures.
  it.each(phantoms.map((p) => [p.seed, p] as const))('seed %i: lung boundaries at apex, costophrenic angle, heart and knob', (_seed, ph) => {
    const down = patientDown(ph);
    const right = patientRight(ph);
    const up = { x: -down.x, y: -down.y };
    for (const side of ['right', 'left'] as const) {
      // Just below the apex is dark lung; just above it is brighter soft tissue/bone.
      const apex = lm(ph, `${side}_lung_apex`);
      expect(boxMean(ph, ...xy(offset(apex, down, 7))), `${side} apex`).toBeLessThan(boxMean(ph, ...xy(offset(apex, up, 5))) - 60);
      // Up-and-inward from the costophrenic angle is lung; below it is the abdomen.
      const cp = lm(ph, `${side}_costophrenic_angle`);
      const inward = side === 'right' ? right : { x: -right.x, y: -right.y };
      expect(boxMean(ph, ...xy(offset(cp, up, 22, inward, 5))), `${side} CP`).toBeLessThan(boxMean(ph, ...xy(offset(cp, down, 10))) - 100);
    }
    // Right heart border: lung lateral (image left), heart medial.
    const rhb = lm(ph, 'right_heart_border');
    expect(boxMean(ph, ...xy(offset(rhb, right, -6)))).toBeLessThan(boxMean(ph, ...xy(offset(rhb, right, 6))) - 150);
    // Cardiac apex: lung lateral (image right), heart medial.
    const apex = lm(ph, 'cardiac_apex');
    expect(boxMean(ph, ...xy(offset(apex, right, 6)))).toBeLessThan(boxMean(ph, ...xy(offset(apex, right, -6))) - 150);
    // Aortic knob: lung above its top, aorta below.
    const knob = lm(ph, 'aortic_knob_top');
    expect(boxMean(ph, ...xy(offset(knob, up, 4)))).toBeLessThan(boxMean(ph, ...xy(offset(knob, down, 5))) - 40);
    // Cardiophrenic angles: lung above-lateral, heart/diaphragm below-medial.
    for (const side of ['right', 'left'] as const) {
      const c = lm(ph, `${side}_cardiophrenic_angle`);
      const lateral = side === 'right' ? { x: -right.x, y: -right.y } : right;
      expect(boxMean(ph, ...xy(offset(c, up, 5, lateral, 5))), `${side} cardiophrenic`).toBeLessThan(boxMean(ph, ...xy(offset(c, down, 6, lateral, -4))) - 100);
    }
  });

  it.each(clean.map((p) => [p.seed, p] as const))('seed %i: carina is where the airway splits (air above, tissue below)', (_seed, ph) => {
    const down = patientDown(ph);
    const up = { x: -down.x, y: -down.y };
    const c = lm(ph, 'carina');
    const above = boxMean(ph, ...xy(offset(c, up, 3)), 0);
    const below = boxMean(ph, ...xy(offset(c, down, 5)), 0);
    expect(above).toBeLessThan(below - 15);
    // The trachea further up is a dark stripe between brighter walls.
    const t = offset(c, up, 25);
    const right = patientRight(ph);
    expect(boxMean(ph, ...xy(t), 0)).toBeLessThan(boxMean(ph, ...xy(offset(t, right, 15)), 0) - 15);
  });

  it.each(clean.map((p) => [p.seed, p] as const))('seed %i: clavicle ends are the tips of the bone (exact, by difference image)', (_seed, ph) => {
    // Same patient without clavicles, noise off: the difference is the clavicles alone.
    const patient = structuredClone(ph.patient);
    patient.clavicles.right.density = 0;
    patient.clavicles.left.density = 0;
    const bare = generatePhantom({ seed: ph.seed, noise: false, patient });
    const diff = (p: { x: number; y: number }): number => {
      const i = Math.round(p.y) * ph.width + Math.round(p.x);
      return (ph.pixels16[i] ?? 0) - (bare.pixels16[i] ?? 0);
    };
    for (const side of ['right', 'left'] as const) {
      const med = lm(ph, `${side}_medial_clavicle_end`);
      const lat = lm(ph, `${side}_lateral_clavicle_end`);
      const len = Math.hypot(lat.x - med.x, lat.y - med.y);
      const dir = { x: (lat.x - med.x) / len, y: (lat.y - med.y) / len };
      // Bone just inside each tip; nothing beyond the blur's reach past it.
      expect(diff(offset(lat, dir, -4)), `${side} lateral inside`).toBeGreaterThan(20);
      expect(diff(offset(lat, dir, 7)), `${side} lateral beyond`).toBe(0);
      expect(diff(offset(med, dir, 4)), `${side} medial inside`).toBeGreaterThan(20);
      expect(diff(offset(med, dir, -7)), `${side} medial beyond`).toBe(0);
    }
  });

  it.each(clean.map((p) => [p.seed, p] as const))('seed %i: apices and costophrenic angles are the extreme points of the lung (exact, by difference image)', (_seed, ph) => {
    const patient = structuredClone(ph.patient);
    patient.lungs.right.airFraction = 0;
    patient.lungs.left.airFraction = 0;
    const solid = generatePhantom({ seed: ph.seed, noise: false, patient });
    // Positive where lung air is: the lung mask, blurred by at most ~5 px.
    const air = (p: { x: number; y: number }): number => {
      const i = Math.round(p.y) * ph.width + Math.round(p.x);
      return (solid.pixels16[i] ?? 0) - (ph.pixels16[i] ?? 0);
    };
    const down = patientDown(ph);
    const up = { x: -down.x, y: -down.y };
    const right = patientRight(ph);
    for (const side of ['right', 'left'] as const) {
      const apex = lm(ph, `${side}_lung_apex`);
      expect(air(offset(apex, down, 6)), `${side} apex inside`).toBeGreaterThan(50);
      expect(air(offset(apex, up, 7)), `${side} apex above`).toBe(0);
      const cp = lm(ph, `${side}_costophrenic_angle`);
      const lateral = side === 'right' ? { x: -right.x, y: -right.y } : right;
      expect(air(offset(cp, up, 25, lateral, -3)), `${side} CP inside`).toBeGreaterThan(20);
      expect(air(offset(cp, down, 7)), `${side} CP below`).toBe(0);
      expect(air(offset(cp, lateral, 7)), `${side} CP lateral`).toBe(0);
    }
  });
});

describe('intensity statistics', () => {
  it.each(phantoms.map((p) => [p.seed, p] as const))('seed %i: lungs dark, mediastinum and bone bright', (_seed, ph) => {
    const down = patientDown(ph);
    const lungs = (['right', 'left'] as const).map((side) => {
      const apex = lm(ph, `${side}_lung_apex`);
      const cp = lm(ph, `${side}_costophrenic_angle`);
      // Mid-lung: between apex and costophrenic angle, a little lateral of the apex line.
      return boxMean(ph, 0.35 * apex.x + 0.65 * cp.x * 0.5 + 0.325 * apex.x, 0.45 * apex.y + 0.55 * cp.y - 0.1 * (cp.y - apex.y), 3);
    });
    const carina = lm(ph, 'carina');
    const rhb = lm(ph, 'right_heart_border');
    const apex = lm(ph, 'cardiac_apex');
    // Heart: the middle of its lower half.
    const heart = boxMean(ph, 0.5 * (rhb.x + apex.x), 0.5 * (rhb.y + apex.y) - 10, 3);
    // Mediastinum below the carina (between bronchi, over the spine).
    const mediastinum = boxMean(ph, ...xy(offset(carina, down, 20)), 2);
    for (const l of lungs) {
      expect(l).toBeLessThan(heart - 400);
      expect(l).toBeLessThan(mediastinum - 400);
    }
    // Bone is brighter than its surroundings: the clavicle shaft against the tissue just
    // above and below it (at 2.5 half-thicknesses, whichever is darker).
    for (const side of ['right', 'left'] as const) {
      const med = lm(ph, `${side}_medial_clavicle_end`);
      const lat = lm(ph, `${side}_lateral_clavicle_end`);
      const c = ph.patient.clavicles[side];
      const mid = { x: 0.5 * (med.x + lat.x), y: 0.5 * (med.y + lat.y) };
      const len = Math.hypot(lat.x - med.x, lat.y - med.y);
      const normal = { x: -(lat.y - med.y) / len, y: (lat.x - med.x) / len };
      const d = 2.5 * c.halfThickness * ph.patient.pose.scaleY * ph.height;
      // A hollow tube: brightest along its cortices, so take the brightest of a few
      // samples across the shaft.
      const h = c.halfThickness * ph.patient.pose.scaleY * ph.height;
      const centre = { x: mid.x, y: mid.y + c.bow1 * ph.patient.pose.scaleY * ph.height };
      const shaft = Math.max(...[-0.7, -0.35, 0, 0.35, 0.7].map((f) => boxMean(ph, ...xy(offset(centre, normal, f * h)), 0)));
      const around = Math.min(boxMean(ph, ...xy(offset(mid, normal, d)), 1), boxMean(ph, ...xy(offset(mid, normal, -d)), 1));
      expect(shaft, `${side} clavicle`).toBeGreaterThan(around + 100);
    }
    // 8-bit display: lungs mid-grey, heart near white, like a processed PA film.
    const i8 = (x: number, y: number): number => ph.pixels8[Math.round(y) * ph.width + Math.round(x)] ?? 0;
    expect(i8(0.5 * (rhb.x + apex.x), 0.5 * (rhb.y + apex.y) - 10)).toBeGreaterThan(170);
  });

  it('has more dark lung on the image left (patient right) at heart level — the heart lies to the patient left', () => {
    for (const ph of phantoms.slice(0, 10)) {
      const y0 = Math.round(lm(ph, 'right_heart_border').y - 40);
      const mid = Math.round(lm(ph, 'carina').x);
      let leftDark = 0;
      let rightDark = 0;
      const thr = (ph.window.low + ph.window.high) / 2;
      for (let y = y0; y < y0 + 30; y++) {
        for (let x = 0; x < ph.width; x++) {
          const v = ph.pixels16[y * ph.width + x] ?? 0;
          if (v < thr && v > ph.window.low + 0.15 * (ph.window.high - ph.window.low)) {
            if (x < mid) leftDark++;
            else rightDark++;
          }
        }
      }
      expect(leftDark).toBeGreaterThan(rightDark);
    }
  });
});

function xy(p: { x: number; y: number }): [number, number] {
  return [p.x, p.y];
}
