/**
 * Shape functions of the anatomy in canonical coordinates (see patient.ts).
 *
 * The rasteriser and the landmark computation call the SAME functions, which is what
 * makes the landmarks exact: a landmark is a corner or extreme point of a boundary
 * that the raster draws from these formulas, not a point estimated from pixels.
 * Everything here is pure and allocation-free in the hot paths.
 */
import type { Clavicle, Heart, Lung } from './patient';

/** Normalised height within a lung: 0 at the apex, 1 at the costophrenic angle. */
export function lungT(l: Lung, v: number): number {
  return (v - l.apexY) / (l.cpY - l.apexY);
}

/**
 * Reach of the lateral wall from the apex x at height t ∈ [0, 1]. sqrt(1 − (1−t)^k) is
 * 0 at the apex with a vertical tangent (a rounded dome, not a point) and reaches 1
 * with zero slope at the base (a vertical lateral wall meeting the diaphragm).
 */
export function lungLateralReach(l: Lung, t: number): number {
  const c = t <= 0 ? 0 : t >= 1 ? 1 : Math.sqrt(1 - Math.pow(1 - t, l.latExp));
  return l.wLat * c;
}

/** Reach of the mediastinal border from the apex x: rounded at the top, vertical below medReach. */
export function lungMedialReach(l: Lung, t: number): number {
  if (t <= 0) return 0;
  const s = t >= l.medReach ? 1 : t / l.medReach;
  return l.wMed * Math.sqrt(1 - (1 - s) * (1 - s));
}

/** Lateral coordinate r: distance from the apex x toward this lung's lateral side. */
export function lateralCoord(l: Lung, u: number): number {
  return l.dir * (u - l.apexX);
}

/**
 * Height of this lung's hemidiaphragm at u. Two limbs meet at the peak: the lateral
 * limb ends exactly at the costophrenic angle (r = wLat, v = cpY), the medial limb is a
 * curve falling toward the heart and levelling off beneath it.
 */
export function domeY(l: Lung, u: number): number {
  const d = l.dome;
  const r = l.dir * (u - l.apexX);
  if (r >= d.peakR) {
    const f = (r - d.peakR) / (l.wLat - d.peakR);
    return d.peakY + (l.cpY - d.peakY) * Math.pow(f, d.lateralExp);
  }
  // Parabolic near the peak, saturating at peakY + medialDrop under the heart (the
  // central tendon is nearly flat), so the heart always sinks into the diaphragm.
  const m = d.peakR - r;
  return d.peakY + d.medialDrop * (1 - Math.exp((-d.medialK * m * m) / d.medialDrop));
}

/*
 * The cardiac silhouette is an "egg": an ellipse whose half width grows toward its base,
 * X = a·cosψ·(1 + k·sinψ), Y = b·sinψ in a frame tilted by `angle`. The widest points sit
 * below the centre, as on a PA film where the right atrium and the left ventricle bulge
 * most just above the diaphragm, while the top narrows into the vascular pedicle.
 * ψ = 0 points to the image right (patient's left), ψ = π/2 down.
 */

/** Implicit heart outline: < 1 inside, 1 on the border. */
export function heartValue(h: Heart, u: number, v: number): number {
  const c = Math.cos(h.angle);
  const s = Math.sin(h.angle);
  const dx = u - h.cx;
  const dy = v - h.cy;
  const Y = (-dx * s + dy * c) / h.b;
  const w = 1 + h.k * Y;
  if (w <= 0) return 2;
  const X = (dx * c + dy * s) / (h.a * w);
  return X * X + Y * Y;
}

/** Point of the heart border at parameter psi. */
export function heartPoint(h: Heart, psi: number): { x: number; y: number } {
  const c = Math.cos(h.angle);
  const s = Math.sin(h.angle);
  const sp = Math.sin(psi);
  const X = h.a * Math.cos(psi) * (1 + h.k * sp);
  const Y = h.b * sp;
  return { x: h.cx + X * c - Y * s, y: h.cy + X * s + Y * c };
}

/** d/dψ of the border point. */
function heartTangent(h: Heart, psi: number): { x: number; y: number } {
  const c = Math.cos(h.angle);
  const s = Math.sin(h.angle);
  const sp = Math.sin(psi);
  const cp = Math.cos(psi);
  const dX = h.a * (-sp * (1 + h.k * sp) + h.k * cp * cp);
  const dY = h.b * cp;
  return { x: dX * c - dY * s, y: dX * s + dY * c };
}

/** Root of f on [lo, hi] where f(lo) > 0 > f(hi), by bisection to ~1e-13. */
function bisectDown(f: (x: number) => number, lo: number, hi: number): number {
  for (let it = 0; it < 200 && hi - lo > 1e-13; it++) {
    const mid = 0.5 * (lo + hi);
    if (f(mid) > 0) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** Parameter of the heart border point with the smallest (sign −1) or largest (+1) u. */
export function heartExtremeXParam(h: Heart, sign: -1 | 1): number {
  // x'(ψ) > 0 at the top (ψ = −π/2) and < 0 at the bottom (π/2): the maximum lies between;
  // the minimum lies between π/2 and 3π/2, where −x' changes sign the same way.
  if (sign > 0) return bisectDown((p) => heartTangent(h, p).x, -Math.PI / 2, Math.PI / 2);
  return bisectDown((p) => -heartTangent(h, p).x, Math.PI / 2, (3 * Math.PI) / 2);
}

/** Parameter of the lowest heart border point (largest v). */
export function heartBottomParam(h: Heart): number {
  return bisectDown((p) => heartTangent(h, p).y, 0, Math.PI);
}

/**
 * Where the heart border meets a hemidiaphragm, walking the border from psiFrom (above
 * the dome) to psiTo (below it): bisection on v(ψ) − dome(u(ψ)) to 1e-12. Returns null
 * if the border does not cross the dome on that arc.
 */
export function heartDomeIntersection(h: Heart, lung: Lung, psiFrom: number, psiTo: number): { x: number; y: number } | null {
  const g = (psi: number): number => {
    const p = heartPoint(h, psi);
    return p.y - domeY(lung, p.x);
  };
  let lo = psiFrom;
  let hi = psiTo;
  let glo = g(lo);
  const ghi = g(hi);
  if (!(glo < 0 && ghi > 0)) return null;
  // The arc may cross more than once in odd shapes; take the first crossing from psiFrom.
  const steps = 64;
  for (let k = 1; k <= steps; k++) {
    const psi = psiFrom + ((psiTo - psiFrom) * k) / steps;
    const gv = g(psi);
    if (gv > 0) {
      hi = psi;
      break;
    }
    lo = psi;
    glo = gv;
  }
  for (let it = 0; it < 100 && Math.abs(hi - lo) > 1e-13; it++) {
    const mid = 0.5 * (lo + hi);
    if (g(mid) < 0) lo = mid;
    else hi = mid;
  }
  return heartPoint(h, 0.5 * (lo + hi));
}

/**
 * Clavicle shaft at u: centre line v and half thickness (0 outside the bone). t = 0 at
 * the medial end, 1 at the lateral end. The thickness is capped by sqrt ramps so the
 * bone closes exactly at both end points — the end landmarks are the tips of the bone.
 */
export function clavicleAt(c: Clavicle, u: number, out: { v: number; h: number }): void {
  const t = (u - c.medialX) / (c.lateralX - c.medialX);
  if (!(t > 0 && t < 1)) {
    out.v = 0;
    out.h = 0;
    return;
  }
  out.v = c.medialY + (c.lateralY - c.medialY) * t + c.bow1 * Math.sin(Math.PI * t) + c.bow2 * Math.sin(2 * Math.PI * t);
  const cap = 0.07;
  const capM = t < cap ? Math.sqrt(t / cap) : 1;
  const capL = 1 - t < cap ? Math.sqrt((1 - t) / cap) : 1;
  // Thicker sternal end, flatter acromial end.
  out.h = c.halfThickness * (1.2 - 0.35 * t) * capM * capL;
}

/**
 * Carina and the start point S of the main bronchi. The bronchi are bands of half width
 * w along directions dR (down, toward the image left) and dL; the carina is where their
 * inner walls meet, so just above it is air and just below it is tissue. Given C we solve
 * S + w·nR + s·dR = S + w·nL + s'·dL for s, s' and place S above C.
 */
export function bronchusOrigin(
  carinaX: number,
  carinaY: number,
  w: number,
  rightAngle: number,
  leftAngle: number,
): { sx: number; sy: number } {
  const dRx = -Math.sin(rightAngle);
  const dRy = Math.cos(rightAngle);
  const dLx = Math.sin(leftAngle);
  const dLy = Math.cos(leftAngle);
  const nRx = Math.cos(rightAngle);
  const nRy = Math.sin(rightAngle);
  const nLx = -Math.cos(leftAngle);
  const nLy = Math.sin(leftAngle);
  // s'·dL − s·dR = w·(nR − nL)
  const bx = w * (nRx - nLx);
  const by = w * (nRy - nLy);
  // [dLx  −dRx] [s']   [bx]
  // [dLy  −dRy] [s ] = [by]
  const det = dLx * -dRy - -dRx * dLy;
  const s = (dLx * by - dLy * bx) / det;
  return { sx: carinaX - w * nRx - s * dRx, sy: carinaY - w * nRy - s * dRy };
}

/** Smooth Hermite step from 0 (x ≤ e0) to 1 (x ≥ e1). */
export function smoothstep(e0: number, e1: number, x: number): number {
  const t = x <= e0 ? 0 : x >= e1 ? 1 : (x - e0) / (e1 - e0);
  return t * t * (3 - 2 * t);
}

/** Trunk half width at height v: neck, shoulder slope, chest. */
export function trunkHalfWidth(neck: number, shoulderY: number, shoulder: number, chest: number, v: number): number {
  const sh = neck + (shoulder - neck) * smoothstep(-0.06, shoulderY, v);
  // Below the shoulders the outline narrows to the chest wall.
  return sh + (chest - shoulder) * smoothstep(shoulderY, shoulderY + 0.18, v);
}
