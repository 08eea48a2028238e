/**
 * Pulmonary vessel markings: a random branching tree from each hilum, tapering toward the
 * periphery. Without them the lungs are flat grey and the phantom does not read as a
 * chest film. Vessels only add a little density inside the lungs and stop short of the
 * lung edges, so they never move a landmark boundary.
 */
import { heartValue } from './geometry';
import type { Patient } from './patient';
import type { FrameGrid, Placement } from './placement';
import { createRng, type Rng } from './prng';
import { CM_PER_UNIT } from './rasterise';
import { insideLungOutline } from './sample-patient';

/** Segments as flat records [u0, v0, u1, v1, r0, r1] in canonical units. */
export function vesselSegments(p: Patient): Float64Array {
  const rng = createRng(p.vesselSeed);
  const segs: number[] = [];
  const { right, left } = p.lungs;
  const inside = (lung: typeof right, u: number, v: number): boolean =>
    insideLungOutline(lung, u, v, 0.018) && heartValue(p.heart, u, v) > 1.05 && (lung.dir < 0 || (u - p.knob.cx) ** 2 + (v - p.knob.cy) ** 2 > (p.knob.r + 0.01) ** 2);

  const grow = (lung: typeof right, rg: Rng, u: number, v: number, angle: number, len: number, r: number, depth: number): void => {
    let cu = u;
    let cv = v;
    let a = angle;
    // A branch is a few slightly wavy segments, then it forks.
    const pieces = 3;
    for (let k = 0; k < pieces; k++) {
      a += rg.gauss(0, 0.12);
      const l = len / pieces;
      const nu = cu + Math.cos(a) * l;
      const nv = cv + Math.sin(a) * l;
      if (!inside(lung, nu, nv)) return;
      const r1 = r * (1 - (0.25 * (k + 1)) / pieces);
      segs.push(cu, cv, nu, nv, r * (1 - (0.25 * k) / pieces), r1);
      cu = nu;
      cv = nv;
    }
    if (depth <= 0 || r < 0.0018) return;
    const spread = rg.uniform(0.3, 0.6);
    grow(lung, rg, cu, cv, a - spread, len * rg.uniform(0.65, 0.85), r * 0.72, depth - 1);
    grow(lung, rg, cu, cv, a + spread, len * rg.uniform(0.65, 0.85), r * 0.72, depth - 1);
  };

  for (const lung of [right, left]) {
    const dir = lung.dir;
    const hu = lung.apexX - dir * (lung.wMed - 0.03);
    const hv = p.airway.carinaY + (dir < 0 ? 0.09 : 0.07);
    // Main trunks fan out from the hilum: up toward the apex, lateral, down toward the base.
    const n = 7;
    for (let i = 0; i < n; i++) {
      const t = (i + rng.uniform(-0.3, 0.3)) / (n - 1); // 0 = up, 1 = down
      const ang = -Math.PI / 2 + t * Math.PI; // −90°..+90° from "lateral"
      const angle = dir > 0 ? ang : Math.PI - ang;
      // Trunks start spread over the hilum, not from one point (which would pile up into a dot).
      const su = hu + dir * rng.uniform(0, 0.025);
      const sv = hv + (t - 0.5) * 0.06 + rng.gauss(0, 0.008);
      grow(lung, rng, su, sv, angle, rng.uniform(0.06, 0.09), rng.uniform(0.007, 0.011), 5);
    }
  }
  return Float64Array.from(segs);
}

/** Add the vessels' blood thickness (cm) to the attenuation frame. */
export function stampVessels(frame: Float32Array, pl: Placement, grid: FrameGrid, segs: Float64Array): void {
  const W = grid.width;
  const H = grid.height;
  const sx = pl.pxU;
  const sy = pl.pxV;
  const cmPerPx = CM_PER_UNIT / Math.sqrt(sx * sy);
  for (let i = 0; i + 5 < segs.length; i += 6) {
    // To frame pixels.
    const x0 = (segs[i]! - 0.5) * sx - grid.p0;
    const y0 = (segs[i + 1]! - 0.5) * sy - grid.q0;
    const x1 = (segs[i + 2]! - 0.5) * sx - grid.p0;
    const y1 = (segs[i + 3]! - 0.5) * sy - grid.q0;
    const r0 = Math.max(0.6, segs[i + 4]! * sx);
    const r1 = Math.max(0.6, segs[i + 5]! * sx);
    const rm = Math.max(r0, r1);
    const ax0 = Math.max(0, Math.floor(Math.min(x0, x1) - rm));
    const ax1 = Math.min(W - 1, Math.ceil(Math.max(x0, x1) + rm));
    const by0 = Math.max(0, Math.floor(Math.min(y0, y1) - rm));
    const by1 = Math.min(H - 1, Math.ceil(Math.max(y0, y1) + rm));
    const dx = x1 - x0;
    const dy = y1 - y0;
    const l2 = dx * dx + dy * dy || 1;
    for (let b = by0; b <= by1; b++) {
      const row = b * W;
      for (let a = ax0; a <= ax1; a++) {
        const px = a - x0;
        const py = b - y0;
        let t = (px * dx + py * dy) / l2;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        const ex = px - t * dx;
        const ey = py - t * dy;
        const r = r0 + (r1 - r0) * t;
        const g2 = (ex * ex + ey * ey) / (r * r);
        // Overlapping joints of a branch are stamped twice; take the larger value instead of adding.
        if (g2 < 1) {
          const chord = 2.6 * r * cmPerPx * Math.sqrt(1 - g2);
          frame[row + a] = frame[row + a]! + chord * (t > 0 && t < 1 ? 1 : 0.5);
        }
      }
    }
  }
}
