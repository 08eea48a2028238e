/**
 * Draws a patient as a map of attenuation (cm of water equivalent along the beam) in
 * the patient-aligned frame (see placement.ts).
 *
 * Model, in the order it is built — a PA radiograph is a sum of line integrals, so
 * structures add or remove thickness:
 *  - trunk (neck, shoulders, chest) and arms: soft tissue with a rounded cross-section;
 *  - lungs: remove air thickness inside the lung outline (dark), except where the heart
 *    or the aortic knob stand in front (those keep their soft-tissue density, so the
 *    mediastinum and heart stay bright);
 *  - trachea and main bronchi: a thin air column (dark stripe in the mediastinum);
 *  - spine (vertebral bodies with bright cortical rims, discs, pedicles, spinous
 *    processes), posterior and fainter anterior ribs, clavicles, humeral heads: bone,
 *    drawn as hollow tubes (bright cortex, lighter marrow);
 *  - breast shadows and the gastric air bubble.
 * Edges are soft (sqrt ramps) where anatomy is curved along the beam (chest wall, lung
 * periphery) and crisp where a surface is tangent to the beam (diaphragm, heart border).
 *
 * Every boundary uses the shape functions of geometry.ts, so the landmarks computed from
 * the same functions fall exactly on the drawn boundaries.
 *
 * Speed: the frame is axis-aligned with the patient, so everything that depends on v only
 * (lung bounds, trunk width, vertebra) is computed once per row, everything that depends on
 * u only (diaphragm height, clavicle shaft) once per column, and each structure loops only
 * over its own column range. No allocation or closure in the per-pixel loops.
 */
import {
  bronchusOrigin,
  clavicleAt,
  domeY,
  lungLateralReach,
  lungMedialReach,
  lungT,
  smoothstep,
  trunkHalfWidth,
} from './geometry';
import type { Clavicle, Lung, Patient } from './patient';
import { mix32 } from './prng';
import type { FrameGrid, Placement } from './placement';

/** Canonical unit in cm (a 43 cm detector): converts canonical radii to beam thicknesses. */
export const CM_PER_UNIT = 43;

interface RibTable {
  n: number;
  /** 0 = posterior arc, 1 = anterior arc. */
  kind: Int8Array;
  y0: Float64Array;
  curv: Float64Array;
  bend: Float64Array;
  invSpan: Float64Array;
  span: Float64Array;
  h: Float64Array;
  vMin: Float64Array;
  vMax: Float64Array;
}

/** Rib arcs of one side, in canonical units (lateral coordinate s = 0 at the spine). */
function ribTable(p: Patient, lung: Lung, spineEdge: number): RibTable {
  const r = p.ribs;
  const n = r.count + r.anteriorCount;
  const t: RibTable = {
    n,
    kind: new Int8Array(n),
    y0: new Float64Array(n),
    curv: new Float64Array(n),
    bend: new Float64Array(n),
    invSpan: new Float64Array(n),
    span: new Float64Array(n),
    h: new Float64Array(n),
    vMin: new Float64Array(n),
    vMax: new Float64Array(n),
  };
  const S_END = 1.12;
  for (let i = 0; i < r.count; i++) {
    // Rib i+1 leaves the spine at the upper part of vertebra T(i+1).
    const y0 = p.spine.top + (i + 0.3) * p.spine.pitch;
    const tl = Math.min(1, Math.max(0.02, lungT(lung, y0 + 0.05)));
    const lateralU = Math.abs(lung.apexX + lung.dir * lungLateralReach(lung, tl) - p.spine.cx);
    // A little irregularity per rib (a fixed hash of the patient's vessel seed and the rib),
    // so the cage does not look machine-ruled. Ribs 11 and 12 float: short stubs.
    const j1 = (mix32(p.vesselSeed ^ (i * 2 + (lung.dir > 0 ? 1 : 0))) / 4294967296 - 0.5) * 2;
    const j2 = (mix32(p.vesselSeed ^ (i * 2 + 0x100 + (lung.dir > 0 ? 1 : 0))) / 4294967296 - 0.5) * 2;
    const span = Math.max(0.08, lateralU + 0.02 - spineEdge) * (i >= 10 ? 0.45 - 0.1 * (i - 10) : 1) * (1 + 0.04 * j1);
    // Upper ribs are shorter and more sharply curved.
    const curv = r.curvature * (1 + 0.6 * Math.max(0, 3 - i) / 3) * (1 + 0.08 * j2);
    const bend = r.bend * (1 + 0.06 * j1);
    const h = r.halfThickness * (0.85 + 0.04 * Math.min(i, 6)) * (1 + 0.08 * j2);
    t.kind[i] = 0;
    t.y0[i] = y0;
    t.curv[i] = curv;
    t.bend[i] = bend;
    t.span[i] = span;
    t.invSpan[i] = 1 / span;
    t.h[i] = h;
    const top = y0 - (curv * bend * bend) / 4;
    const bottom = y0 + curv * S_END * (S_END - bend);
    t.vMin[i] = top - 1.3 * h;
    t.vMax[i] = bottom + 1.3 * h;
    if (i < r.anteriorCount && i < 10) {
      // The anterior arc continues from the posterior arc's lateral end toward the sternum.
      const j = r.count + i;
      t.kind[j] = 1;
      t.y0[j] = bottom;
      t.curv[j] = r.anteriorSlope / 0.33;
      t.bend[j] = 0;
      t.span[j] = span;
      t.invSpan[j] = 1 / span;
      t.h[j] = h * 1.35;
      t.vMin[j] = bottom - 1.4 * h;
      t.vMax[j] = bottom + t.curv[j] * (S_END - 0.25) * span + 1.4 * h;
    }
  }
  return t;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/** Bone seen in projection: a hollow tube, brighter at its cortical edges. g = offset / half thickness. */
function boneProfile(g2: number): number {
  const outer = Math.sqrt(1 - g2);
  const ri2 = 0.5;
  return g2 < ri2 ? outer - 0.62 * Math.sqrt(ri2 - g2) : outer;
}

export interface AttenuationFrame {
  grid: FrameGrid;
  data: Float32Array;
}

export function rasteriseAttenuation(p: Patient, pl: Placement, grid: FrameGrid): AttenuationFrame {
  const W = grid.width;
  const H = grid.height;
  const out = new Float32Array(W * H);
  const pxU = pl.pxU;
  const pxV = pl.pxV;
  const { body, spine, heart, knob, airway } = p;
  const { right: rl, left: ll } = p.lungs;

  // Canonical ↔ frame column/row.
  const uOf = new Float64Array(W);
  for (let a = 0; a < W; a++) uOf[a] = 0.5 + (a + grid.p0) / pxU;
  const colOf = (u: number): number => (u - 0.5) * pxU - grid.p0;
  const colStart = (u: number): number => Math.max(0, Math.ceil(colOf(u)));
  const colEnd = (u: number): number => Math.min(W - 1, Math.floor(colOf(u)));

  // Per-column tables.
  const domeR = new Float64Array(W);
  const domeL = new Float64Array(W);
  const clavV = new Float64Array(W);
  const clavH = new Float64Array(W);
  const cs = { v: 0, h: 0 };
  for (let a = 0; a < W; a++) {
    const u = uOf[a]!;
    domeR[a] = domeY(rl, u);
    domeL[a] = domeY(ll, u);
    const c: Clavicle = u < spine.cx ? p.clavicles.right : p.clavicles.left;
    clavicleAt(c, u, cs);
    clavV[a] = cs.v;
    clavH[a] = cs.h;
  }

  // Trunk and arm geometry.
  const chestHW = body.chestHalfWidth;
  const armR = body.armRadius;
  const armDepth = 2 * armR * CM_PER_UNIT * 0.9;

  // Heart (egg) and knob constants.
  const hc = Math.cos(heart.angle);
  const hs = Math.sin(heart.angle);
  const hExt = Math.max(heart.a * (1 + heart.k), heart.b) * 1.05;
  const heartV0 = heart.cy - hExt;
  const heartV1 = heart.cy + hExt;
  const invHb = 1 / heart.b;
  const invHa = 1 / heart.a;
  const knobR2 = knob.r * knob.r;
  // Descending aorta: a capsule from the knob down beside the spine, so the knob is the
  // top of a continuous bulge of the left mediastinal border rather than a loose ball.
  // Tapers from the knob's radius (so the knob is its rounded top) to 60 % at the diaphragm.
  const aoR = knob.r;
  const aoX0 = knob.cx;
  const aoY0 = knob.cy;
  const aoX1 = Math.max(spine.cx + spine.halfWidth * 0.6, knob.cx - knob.r * 0.6);
  const aoY1 = ll.cpY;
  const aoDx = aoX1 - aoX0;
  const aoDy = aoY1 - aoY0;
  const aoL2 = aoDx * aoDx + aoDy * aoDy;

  // Airway.
  const { sx: bSx, sy: bSy } = bronchusOrigin(airway.carinaX, airway.carinaY, airway.bronchusHalfWidth, airway.rightAngle, airway.leftAngle);
  const wT = airway.tracheaHalfWidth;
  const wB = airway.bronchusHalfWidth;
  const bLen = airway.bronchusLength;
  const dRx = -Math.sin(airway.rightAngle);
  const dRy = Math.cos(airway.rightAngle);
  const dLx = Math.sin(airway.leftAngle);
  const dLy = Math.cos(airway.leftAngle);
  const airwayVEnd = bSy + bLen * Math.max(dRy, dLy) + wB;
  const airwayU0 = Math.min(bSx - wT, bSx + dRx * bLen - wB);
  const airwayU1 = Math.max(bSx + wT, bSx + dLx * bLen + wB);

  // Spine.
  const spineEdge = spine.halfWidth * 1.1;
  const ribsR = ribTable(p, rl, spineEdge);
  const ribsL = ribTable(p, ll, spineEdge);
  const ribDensity = p.ribs.density;
  const antDensity = p.ribs.density * 0.45;
  const cand = new Int32Array(64);

  // Humeral heads hang below and lateral to the acromial end of each clavicle.
  const heads = [p.clavicles.right, p.clavicles.left].map((c, i) => ({
    u: 0.5 + (i === 0 ? -1 : 1) * (body.chestHalfWidth + 0.01),
    v: c.lateralY + 0.05,
    r: body.humeralHeadRadius,
  }));

  for (let b = 0; b < H; b++) {
    const v = 0.5 + (b + grid.q0) / pxV;
    const row = b * W;

    // 1. Trunk and arms (soft tissue, every column).
    const hw = trunkHalfWidth(body.neckHalfWidth, body.shoulderY, body.shoulderHalfWidth, chestHW, v);
    const invHw = 1 / hw;
    const depth =
      body.neckDepth +
      (body.chestDepth - body.neckDepth) * smoothstep(-0.05, body.shoulderY + 0.12, v) +
      2 * smoothstep(0.7, 1.05, v);
    const armOn = smoothstep(body.shoulderY - 0.06, body.shoulderY + 0.04, v);
    const gap = body.armGap * smoothstep(body.shoulderY + 0.05, body.shoulderY + 0.3, v) - 0.02;
    const armOff = chestHW + gap + armR;
    const invArmR = 1 / armR;
    for (let a = 0; a < W; a++) {
      const du = uOf[a]! - 0.5;
      const x = du * invHw;
      const x2 = x * x;
      let t = x2 < 1 ? depth * Math.sqrt(1 - x2 * (0.45 + 0.55 * x2)) : 0;
      if (armOn > 0) {
        const ax = ((du < 0 ? -du : du) - armOff) * invArmR;
        if (ax > -1 && ax < 1) {
          const at = armOn * armDepth * Math.sqrt(1 - ax * ax);
          if (at > t) t = at;
        }
      }
      out[row + a] = t;
    }

    // 2. Lungs: remove air, except in front of the heart and the aortic knob.
    const inHeartRows = v > heartV0 && v < heartV1;
    const kdv = v - knob.cy;
    const inKnobRows = kdv * kdv < knobR2;
    for (let side = 0; side < 2; side++) {
      const lung = side === 0 ? rl : ll;
      const t = lungT(lung, v);
      if (!(t > 0 && t < 1)) continue;
      const latU = lung.apexX + lung.dir * lungLateralReach(lung, t);
      const medU = lung.apexX - lung.dir * lungMedialReach(lung, t);
      const lo = side === 0 ? latU : medU;
      const hi = side === 0 ? medU : latU;
      // Air replaces a fraction of the local trunk thickness (already in `out`), so the
      // lung periphery, where the chest is thinner, stays grey instead of going black.
      const airFrac = lung.airFraction * (0.55 + 0.45 * smoothstep(0, 0.3, t));
      const dome = side === 0 ? domeR : domeL;
      const a0 = colStart(lo);
      const a1 = colEnd(hi);
      for (let a = a0; a <= a1; a++) {
        const u = uOf[a]!;
        const dd = dome[a]! - v;
        if (dd <= 0) continue;
        // Distances to the chest wall (gradual: the wall curves away from the beam),
        // the mediastinum and the diaphragm (crisp: tangent to the beam).
        const dLat = side === 0 ? u - lo : hi - u;
        const dMed = side === 0 ? hi - u : u - lo;
        let pr = (dLat >= 0.03 ? 1 : Math.sqrt(dLat / 0.03)) * (dMed >= 0.012 ? 1 : Math.sqrt(dMed / 0.012)) * (dd >= 0.015 ? 1 : Math.sqrt(dd / 0.015));
        if (inHeartRows) {
          const dx = u - heart.cx;
          const dy = v - heart.cy;
          const Y = (-dx * hs + dy * hc) * invHb;
          const w = 1 + heart.k * Y;
          if (w > 0) {
            const X = ((dx * hc + dy * hs) * invHa) / w;
            const e = X * X + Y * Y;
            // Lung behind the heart still lets a little air through (retrocardiac lung).
            if (e < 1) pr *= 1 - 0.88 * Math.min(1, (1 - e) / 0.04);
          }
        }
        if (side === 1) {
          if (inKnobRows) {
            const kdu = u - knob.cx;
            const e = (kdu * kdu + kdv * kdv) / knobR2;
            if (e < 1) pr *= 1 - Math.min(1, (1 - e) / 0.08);
          }
          if (v > aoY0) {
            let t = ((u - aoX0) * aoDx + (v - aoY0) * aoDy) / aoL2;
            t = t < 0 ? 0 : t > 1 ? 1 : t;
            const ex = u - aoX0 - t * aoDx;
            const ey = v - aoY0 - t * aoDy;
            const rr = aoR * (1 - 0.4 * t);
            const e = (ex * ex + ey * ey) / (rr * rr);
            if (e < 1) pr *= 1 - (0.95 - 0.25 * t) * Math.min(1, (1 - e) / 0.1);
          }
        }
        out[row + a] = out[row + a]! * (1 - airFrac * pr);
      }
    }

    // 3. Trachea and main bronchi (union of the air columns).
    if (v < airwayVEnd) {
      const a0 = colStart(airwayU0);
      const a1 = colEnd(airwayU1);
      const invWT = 1 / wT;
      for (let a = a0; a <= a1; a++) {
        const u = uOf[a]!;
        let f = 0;
        if (v <= bSy) {
          const x = (u - bSx) * invWT;
          if (x > -1 && x < 1) f = Math.sqrt(1 - x * x);
        }
        if (v > bSy - wB) {
          const px = u - bSx;
          const py = v - bSy;
          for (let k = 0; k < 2; k++) {
            const dx = k === 0 ? dRx : dLx;
            const dy = k === 0 ? dRy : dLy;
            let s = px * dx + py * dy;
            s = s < 0 ? 0 : s > bLen ? bLen : s;
            const ex = px - s * dx;
            const ey = py - s * dy;
            const d2 = (ex * ex + ey * ey) / (wB * wB);
            // Thinner lumen than the trachea; fades out toward the hilum.
            if (d2 < 1) {
              const fb = Math.sqrt(1 - d2) * (wB / wT) * (1 - 0.6 * (s / bLen));
              if (fb > f) f = fb;
            }
          }
        }
        if (f > 0) out[row + a] = out[row + a]! - airway.airDepth * f;
      }
    }

    // 4. Spine: vertebral bodies, discs, pedicles, spinous processes.
    {
      const z = (v - spine.top) / spine.pitch;
      const k = Math.floor(z);
      const f = z - k;
      const hwS = spine.halfWidth * (k < 0 ? 0.8 : 1 + 0.02 * Math.min(k, 14));
      const a0 = colStart(spine.cx - hwS);
      const a1 = colEnd(spine.cx + hwS);
      const rho = spine.density;
      const bodyFrac = 0.8;
      const fy = f < bodyFrac ? (f / bodyFrac) * 2 - 1 : 0;
      const fy4 = fy * fy * fy * fy;
      const pedY = (f / bodyFrac) * 2 - 1 + 0.35; // pedicle centre at fy = −0.35
      const spY = f - 0.72; // spinous process, overlapping the disc below
      for (let a = a0; a <= a1; a++) {
        const x = (uOf[a]! - spine.cx) / hwS;
        let d: number;
        // Bodies with a faint cortical rim; discs are only slightly less dense (the
        // column is continuous tissue), so the spine reads as a soft ladder, not bricks.
        const x2 = x * x;
        const soft = 0.55 * rho * Math.sqrt(1 - 0.6 * x2);
        if (f < bodyFrac) {
          const q = x2 * x2 + fy4;
          d = q < 1 ? soft + 0.45 * rho * (0.6 + 0.4 * q * q) : soft;
        } else {
          d = soft;
        }
        const ax = x < 0 ? -x : x;
        const pe = ((ax - 0.62) / 0.2) ** 2 + (pedY / 0.32) ** 2;
        if (pe < 1) d += rho * (pe > 0.45 ? 0.35 : 0.1);
        const se = (x / 0.1) ** 2 + (spY / 0.16) ** 2;
        if (se < 1) d += 0.35 * rho * (1 - se);
        out[row + a] = out[row + a]! + d;
      }
    }

    // 5. Ribs: per side, only the arcs whose vertical extent covers this row.
    for (let side = 0; side < 2; side++) {
      const rt = side === 0 ? ribsR : ribsL;
      let nc = 0;
      let maxSpan = 0;
      for (let i = 0; i < rt.n; i++) {
        if (v > (rt.vMin[i]!) && v < (rt.vMax[i]!)) {
          cand[nc++] = i;
          const sp = rt.span[i]!;
          if (sp > maxSpan) maxSpan = sp;
        }
      }
      if (nc === 0) continue;
      const reach = spineEdge + 1.12 * maxSpan;
      const a0 = side === 0 ? colStart(spine.cx - reach) : colStart(spine.cx + spineEdge);
      const a1 = side === 0 ? colEnd(spine.cx - spineEdge) : colEnd(spine.cx + reach);
      for (let a = a0; a <= a1; a++) {
        const u = uOf[a]!;
        const lat = (side === 0 ? spine.cx - u : u - spine.cx) - spineEdge;
        let add = 0;
        for (let c = 0; c < nc; c++) {
          const i = cand[c]!;
          const s = lat * (rt.invSpan[i]!);
          if (s < 0 || s > 1.12) continue;
          if (rt.kind[i] === 0) {
            const h = (rt.h[i]!) * (0.85 + 0.3 * s);
            const d = v - ((rt.y0[i]!) + (rt.curv[i]!) * s * (s - (rt.bend[i]!)));
            const g = d / h;
            const g2 = g * g;
            // Fades in at the costovertebral joint and, for floating ribs, out at the tip.
            if (g2 < 1) add += ribDensity * boneProfile(g2) * clamp01(s * 8) * clamp01((1.12 - s) * 6);
          } else {
            if (s < 0.25) continue;
            const h = rt.h[i]!;
            const d = v - ((rt.y0[i]!) + (rt.curv[i]!) * (1.12 - s) * (rt.span[i]!));
            const g = d / h;
            const g2 = g * g;
            // Fades toward the costal cartilage, which is invisible on a radiograph.
            if (g2 < 1) add += antDensity * boneProfile(g2) * smoothstep(0.25, 0.5, s);
          }
        }
        if (add > 0) out[row + a] = out[row + a]! + add;
      }
    }

    // 6. Clavicles (per-column shaft tables).
    for (let side = 0; side < 2; side++) {
      const c = side === 0 ? p.clavicles.right : p.clavicles.left;
      const u0 = Math.min(c.medialX, c.lateralX);
      const u1 = Math.max(c.medialX, c.lateralX);
      const top = Math.min(c.medialY, c.lateralY) - 3 * c.halfThickness - Math.abs(c.bow1) - Math.abs(c.bow2);
      const bot = Math.max(c.medialY, c.lateralY) + 3 * c.halfThickness + Math.abs(c.bow1) + Math.abs(c.bow2);
      if (v < top || v > bot) continue;
      const a0 = colStart(u0);
      const a1 = colEnd(u1);
      for (let a = a0; a <= a1; a++) {
        const h = clavH[a]!;
        if (h <= 0) continue;
        const g = (v - clavV[a]!) / h;
        const g2 = g * g;
        if (g2 < 1) out[row + a] = out[row + a]! + c.density * boneProfile(g2) * Math.min(1, h / c.halfThickness);
      }
    }

    // 7. Humeral heads (ball with cortex), breasts, gastric bubble.
    for (const hd of heads) {
      const dv = v - hd.v;
      if (dv * dv >= hd.r * hd.r) continue;
      const a0 = colStart(hd.u - hd.r);
      const a1 = colEnd(hd.u + hd.r);
      for (let a = a0; a <= a1; a++) {
        const du = uOf[a]! - hd.u;
        const g2 = (du * du + dv * dv) / (hd.r * hd.r);
        if (g2 < 1) out[row + a] = out[row + a]! + 3.2 * boneProfile(g2) * armOn;
      }
    }
    const br = p.breasts;
    if (br && v > br.cy - br.ry && v < br.cy + br.ry) {
      const fade = smoothstep(br.cy - br.ry, br.cy + 0.2 * br.ry, v);
      const dv = (v - br.cy) / br.ry;
      for (let side = 0; side < 2; side++) {
        const cu = 0.5 + (side === 0 ? -1 : 1) * br.offsetX;
        const a0 = colStart(cu - br.rx);
        const a1 = colEnd(cu + br.rx);
        for (let a = a0; a <= a1; a++) {
          const du = (uOf[a]! - cu) / br.rx;
          const e = du * du + dv * dv;
          if (e < 1) out[row + a] = out[row + a]! + br.depth * fade * Math.sqrt(1 - e);
        }
      }
    }
    const gb = p.gasBubble;
    if (gb && v > gb.cy - gb.ry && v < gb.cy + gb.ry) {
      const dv = (v - gb.cy) / gb.ry;
      const a0 = colStart(gb.cx - gb.rx);
      const a1 = colEnd(gb.cx + gb.rx);
      for (let a = a0; a <= a1; a++) {
        const du = (uOf[a]! - gb.cx) / gb.rx;
        const e = du * du + dv * dv;
        // Gas rises: a flat-topped air pocket, densest along its upper part.
        if (e < 1) out[row + a] = out[row + a]! - gb.depth * Math.sqrt(1 - e);
      }
    }

    // Soft tissue never goes below a thin shell (the chest wall in front of the lung).
    for (let a = 0; a < W; a++) {
      const x = out[row + a]!;
      if (x < 0) out[row + a] = 0;
    }
  }
  return { grid, data: out };
}
