/**
 * Draws a random but anatomically plausible patient.
 *
 * Means and spreads are calibrated on JSRT proportions (see patient.ts). Parameters are
 * drawn as clipped normals around those means, with a few deliberate correlations
 * (women smaller and with breast shadows, older patients with larger hearts and a more
 * prominent aortic knob, a low diaphragm with a taller lung). A drawn patient is
 * checked for the geometric relations the landmarks rely on (the heart must bulge into
 * both lungs above the diaphragm, the knob must border the lung, …); if a check fails
 * we draw again from the same stream, so the result is still a pure function of the seed.
 */
import { domeY, lungLateralReach, lungMedialReach, lungT } from './geometry';
import { canonicalLandmarks } from './landmarks';
import type { Lung, Patient } from './patient';
import { createRng, subSeed, type Rng } from './prng';

/** Whether (u, v) lies strictly inside this lung's outline (ignoring heart and knob). */
export function insideLungOutline(l: Lung, u: number, v: number, margin = 0): boolean {
  const t = lungT(l, v);
  if (!(t > 0 && t < 1)) return false;
  const r = l.dir * (u - l.apexX);
  return r < lungLateralReach(l, t) - margin && r > -lungMedialReach(l, t) + margin && v < domeY(l, u) - margin;
}

export function drawPatient(rng: Rng, vesselSeed: number): Patient {
  const sex = rng.chance(0.5) ? 'F' : 'M';
  const age = Math.round(rng.uniform(18, 88));
  const old = (age - 50) / 30; // about −1 … +1

  const size = rng.gauss(sex === 'F' ? 0.94 : 0.98, 0.04);
  const pose = {
    scaleX: size * rng.gauss(1, 0.025),
    scaleY: size * rng.gauss(1, 0.025),
    shiftX: rng.gauss(0, 0.015),
    shiftY: rng.gauss(0.005, 0.015),
    rotationDeg: rng.gauss(0, 1.8),
  };

  // Lungs. Heights: apex ~0.08, costophrenic angle ~0.84; a lower diaphragm makes a taller lung.
  const apexY = rng.gauss(0.08, 0.015);
  const cpY = rng.gauss(0.84, 0.03);
  const width = rng.gauss(1, 0.04); // chest width factor
  const latExp = rng.uniform(1.7, 2.8);
  const domePeak = rng.gauss(0.645, 0.03) + (cpY - 0.84) * 0.6;
  const air = rng.gauss(0.64, 0.04);
  const right: Lung = {
    dir: -1,
    apexX: rng.gauss(0.371, 0.012),
    apexY: apexY + rng.gauss(0, 0.006),
    cpY: cpY + rng.gauss(0, 0.012),
    wLat: 0.249 * width * rng.gauss(1, 0.03),
    wMed: rng.gauss(0.08, 0.006),
    latExp: latExp * rng.gauss(1, 0.05),
    medReach: rng.uniform(0.15, 0.28),
    airFraction: air * rng.gauss(1, 0.03),
    dome: {
      peakR: rng.gauss(0.085, 0.015),
      peakY: domePeak,
      lateralExp: rng.uniform(1.4, 2.0),
      medialK: rng.uniform(2.0, 4.5),
      medialDrop: rng.uniform(0.025, 0.06),
    },
  };
  const left: Lung = {
    dir: 1,
    apexX: rng.gauss(0.651, 0.012),
    apexY: apexY + rng.gauss(0, 0.006),
    cpY: cpY + rng.gauss(0.006, 0.012),
    wLat: 0.238 * width * rng.gauss(1, 0.03),
    wMed: rng.gauss(0.1, 0.006),
    latExp: latExp * rng.gauss(1, 0.05),
    medReach: rng.uniform(0.15, 0.28),
    airFraction: air * rng.gauss(1, 0.03),
    dome: {
      // The left dome's peak hides under the heart; the visible part slopes down to the angle.
      peakR: rng.gauss(0.09, 0.012),
      peakY: domePeak + rng.gauss(0.025, 0.012),
      lateralExp: rng.uniform(1.4, 2.0),
      medialK: rng.uniform(2.0, 4.5),
      medialDrop: rng.uniform(0.025, 0.06),
    },
  };

  // Heart: an egg wider at its base, sitting on the diaphragm; bigger with age.
  const heartScale = rng.gauss(1 + 0.04 * old, 0.06);
  const heart = {
    cx: rng.gauss(0.572, 0.012),
    cy: rng.gauss(0.555, 0.012) + (domePeak - 0.645) * 0.8,
    a: 0.168 * heartScale * rng.gauss(1, 0.03),
    b: 0.2 * heartScale * rng.gauss(1, 0.03),
    k: rng.uniform(0.4, 0.6),
    angle: (rng.gauss(3, 4) * Math.PI) / 180,
  };

  const knobR = rng.gauss(0.038 + 0.004 * old, 0.004);
  const medAtKnob = left.apexX - left.wMed;
  const knob = {
    cx: medAtKnob + rng.uniform(0.1, 0.35) * knobR + 0.005,
    cy: rng.gauss(0.27, 0.015),
    r: knobR,
  };

  const airway = {
    carinaX: rng.gauss(0.502, 0.006),
    carinaY: knob.cy + rng.gauss(0.04, 0.01),
    tracheaHalfWidth: rng.gauss(0.017, 0.0015),
    bronchusHalfWidth: rng.gauss(0.0115, 0.001),
    rightAngle: (rng.gauss(25, 4) * Math.PI) / 180,
    leftAngle: (rng.gauss(42, 5) * Math.PI) / 180,
    bronchusLength: rng.gauss(0.075, 0.008),
    airDepth: rng.gauss(3.2, 0.4),
  };

  const pitch = ((cpY - apexY) / 0.76) * rng.gauss(0.062, 0.003);
  const spine = {
    cx: rng.gauss(0.5, 0.004),
    halfWidth: rng.gauss(0.036, 0.003),
    top: apexY - rng.uniform(0.0, 0.02),
    pitch,
    density: rng.gauss(1.5, 0.2),
  };

  const ribs = {
    count: 12,
    anteriorCount: 6,
    halfThickness: rng.gauss(0.0112, 0.001),
    curvature: rng.gauss(0.3, 0.03),
    bend: rng.gauss(0.55, 0.05),
    anteriorSlope: rng.gauss(0.16, 0.02),
    density: rng.gauss(1.8, 0.25),
  };

  const clavAngle = rng.gauss(0, 0.02); // shared tilt; each side adds its own
  const clavicle = (dir: -1 | 1): Patient['clavicles']['right'] => {
    const medialX = 0.5 + dir * rng.gauss(0.052, 0.006);
    const medialY = rng.gauss(0.174, 0.018);
    const len = rng.gauss(0.225, 0.015) * width;
    return {
      medialX,
      medialY,
      lateralX: medialX + dir * len,
      lateralY: medialY - rng.gauss(0.038, 0.02) + clavAngle,
      halfThickness: rng.gauss(0.0165, 0.0015),
      bow1: rng.gauss(0.003, 0.003),
      bow2: rng.gauss(-0.004, 0.002),
      density: rng.gauss(3.2, 0.3),
    };
  };
  const clavicles = { right: clavicle(-1), left: clavicle(1) };

  const body = {
    neckHalfWidth: rng.gauss(0.13, 0.01),
    shoulderY: rng.gauss(0.14, 0.015),
    shoulderHalfWidth: rng.gauss(0.55, 0.03),
    chestHalfWidth: (0.5 - 0.122) * width + rng.gauss(0.07, 0.01),
    chestDepth: rng.gauss(sex === 'F' ? 20 : 22, 1.6),
    neckDepth: rng.gauss(11, 1),
    armGap: rng.gauss(0.04, 0.02),
    armRadius: rng.gauss(0.07, 0.01),
    humeralHeadRadius: rng.gauss(0.07, 0.006),
  };

  const breasts =
    sex === 'F' && rng.chance(0.85)
      ? {
          cy: rng.gauss(0.7, 0.04),
          offsetX: rng.gauss(0.24, 0.02),
          rx: rng.gauss(0.17, 0.02),
          ry: rng.gauss(0.13, 0.02),
          depth: rng.gauss(4, 1),
        }
      : null;

  const gasBubble = rng.chance(0.6)
    ? (() => {
        const cx = left.apexX + left.wLat * rng.uniform(0.3, 0.75);
        const ry = rng.gauss(0.03, 0.006);
        return { cx, cy: domeY(left, cx) + ry + rng.uniform(0.012, 0.03), rx: rng.gauss(0.06, 0.01), ry, depth: rng.gauss(4, 1) };
      })()
    : null;

  const exposure = {
    mu: rng.gauss(0.215, 0.01),
    photons: Math.exp(rng.uniform(Math.log(4000), Math.log(40000))),
    offset: rng.uniform(150, 450),
    gain: rng.gauss(560, 25),
    blur: rng.uniform(0.6, 1.1),
  };

  return { sex, age, pose, body, lungs: { right, left }, heart, knob, airway, spine, ribs, clavicles, breasts, gasBubble, exposure, vesselSeed };
}

/** Geometric relations the landmarks and the picture rely on; returns the first one broken, or null. */
export function patientProblem(p: Patient): string | null {
  const lm = canonicalLandmarks(p);
  if (!lm) return 'heart does not meet the diaphragm';
  const at = (name: string): { u: number; v: number } => {
    const l = lm.find((x) => x.name === name);
    if (!l) throw new Error(`missing landmark ${name}`);
    return l;
  };
  const { right, left } = p.lungs;
  const m = 0.012;
  // The heart bulges into both lungs above the diaphragm, so its borders are visible.
  const rhb = at('right_heart_border');
  if (!insideLungOutline(right, rhb.u, rhb.v, m)) return 'right heart border not inside the right lung';
  const apex = at('cardiac_apex');
  if (!insideLungOutline(left, apex.u, apex.v, m)) return 'cardiac apex not inside the left lung';
  // The cardiophrenic angles sit inside the lung bands (the heart meets the dome within the lung).
  const rcp = at('right_cardiophrenic_angle');
  const lcp = at('left_cardiophrenic_angle');
  const rt = lungT(right, rcp.v);
  const lt = lungT(left, lcp.v);
  if (!(rt > 0.5 && rt < 1 && lt > 0.5 && lt < 1)) return 'cardiophrenic angle height';
  if (!(-lungMedialReach(right, rt) + m / 2 < right.dir * (rcp.u - right.apexX))) return 'right cardiophrenic angle medial to the mediastinum';
  if (!(lungLateralReach(left, lt) - m / 2 > left.dir * (lcp.u - left.apexX))) return 'left cardiophrenic angle lateral to the chest wall';
  if (!(rcp.v > rhb.v + 0.015 && lcp.v > apex.v + 0.015)) return 'cardiophrenic angles too close to the heart extremes';
  // The knob's top borders the left lung from below.
  const kt = at('aortic_knob_top');
  if (!insideLungOutline(left, kt.u, kt.v - 0.004, 0.004)) return 'knob top not below lung';
  if (!(p.knob.cx - p.knob.r < left.apexX - left.wMed)) return 'knob detached from the mediastinum';
  // Carina below the knob top and above the bulk of the heart; clavicle heads straddle the trachea.
  const car = at('carina');
  if (!(car.v > kt.v + 0.01 && car.v < p.heart.cy - 0.5 * p.heart.b)) return 'carina height';
  if (!(p.clavicles.right.medialX < car.u - 0.02 && p.clavicles.left.medialX > car.u + 0.02)) return 'clavicle heads';
  // The costophrenic angles are the lowest lung points and far below the apices.
  for (const l of [right, left]) {
    if (!(l.cpY - l.apexY > 0.6)) return 'lung too short';
    if (!(l.dome.peakY < l.cpY - 0.08 && l.dome.peakR < l.wLat * 0.7 && l.dome.peakR > 0)) return 'dome shape';
    if (!(l.dome.peakY > l.apexY + 0.4)) return 'dome too high';
  }
  return null;
}

/** Sample a patient from a seed. Pure: the same seed always gives the same patient. */
export function samplePatient(seed: number): Patient {
  const rng = createRng(subSeed(seed, 1));
  const vesselSeed = subSeed(seed, 2);
  for (let attempt = 0; attempt < 200; attempt++) {
    const p = drawPatient(rng, vesselSeed);
    if (patientProblem(p) === null) return p;
  }
  throw new Error(`phantom: no plausible patient found for seed ${seed}`);
}
