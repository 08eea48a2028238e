import type { Rng } from '../rng';

/**
 * ACE grid-wise cropping (spec §1.1–1.2) with the CORRECT geometry: rows are image y. The published code
 * indexes mask rows with column offsets (transposed masks); we do not reproduce that.
 */
export interface GridSpec {
  /** Image side in cells (32 in the paper; 28..41 keeps the overlap non-empty). */
  readonly imageCells: number;
  /** Cell side in pixels = backbone patch size at network input (32 paper, 16 CPU default). */
  readonly cellPx: number;
  /** Side of the small crop S in cells = tokens per side of both views. */
  readonly smallCells: number;
}

/** Paper: 1024 px image, 32 px cells, ViT-B/32 at 448. */
export const PAPER_GRID: GridSpec = { imageCells: 32, cellPx: 32, smallCells: 14 };
/** CPU default: 512 px image, 16 px cells, ViT-T/16 at 224. */
export const CPU_GRID: GridSpec = { imageCells: 32, cellPx: 16, smallCells: 14 };

/** The large crop L always spans twice the small one and is resized by 1/2, so one L token covers 2×2 cells. */
export const largeCells = (spec: GridSpec): number => 2 * spec.smallCells;
/** Tokens per side of either view. */
export const tokensPerSide = (spec: GridSpec): number => spec.smallCells;
/** Side in pixels of both network inputs. */
export const inputPx = (spec: GridSpec): number => spec.smallCells * spec.cellPx;

/** [row, col] in cells; row = y (top to bottom). */
export type Origin = readonly [number, number];

export interface AcePlacement {
  readonly large: Origin;
  readonly small: Origin;
}

export interface PixelBox {
  readonly rowStart: number;
  readonly rowEnd: number;
  readonly colStart: number;
  readonly colEnd: number;
}

export function validateGrid(spec: GridSpec): void {
  const L = largeCells(spec);
  if (spec.smallCells % 2 !== 0) throw new RangeError('smallCells must be even (S is composed in 2×2 blocks)');
  if (spec.cellPx % 2 !== 0) throw new RangeError('cellPx must be even (L is downscaled by exactly 1/2)');
  if (spec.imageCells < L) throw new RangeError(`imageCells ${spec.imageCells} cannot hold the ${L}-cell large crop`);
  // Extreme placements (L at one border, S at the other) must still overlap: imageCells - smallCells < L.
  if (spec.imageCells - spec.smallCells >= L) throw new RangeError(`imageCells ${spec.imageCells} lets S miss L entirely`);
}

/** Valid small-crop origins along one axis: same parity as the large origin so each S token lies in one L token. */
export function smallOriginChoices(spec: GridSpec, largeOrigin: number): number[] {
  const out: number[] = [];
  for (let r = largeOrigin % 2; r <= spec.imageCells - spec.smallCells; r += 2) out.push(r);
  return out;
}

export function sampleAcePlacement(rng: Rng, spec: GridSpec): AcePlacement {
  validateGrid(spec);
  const axis = (): [number, number] => {
    const l = rng.int(0, spec.imageCells - largeCells(spec));
    const choices = smallOriginChoices(spec, l);
    const s = choices[rng.int(0, choices.length - 1)];
    if (s === undefined) throw new Error('unreachable: empty small-origin choice');
    return [l, s];
  };
  const [rL, rS] = axis();
  const [cL, cS] = axis();
  return { large: [rL, cL], small: [rS, cS] };
}

export function validatePlacement(spec: GridSpec, p: AcePlacement): void {
  validateGrid(spec);
  for (const axis of [0, 1] as const) {
    const l = p.large[axis];
    const s = p.small[axis];
    if (l < 0 || l > spec.imageCells - largeCells(spec)) throw new RangeError(`large origin ${l} out of range`);
    if (s < 0 || s > spec.imageCells - spec.smallCells) throw new RangeError(`small origin ${s} out of range`);
    if ((s - l) % 2 !== 0) throw new RangeError('small and large origins must share parity per axis');
  }
}

export function cropBox(spec: GridSpec, origin: Origin, cells: number): PixelBox {
  return {
    rowStart: origin[0] * spec.cellPx,
    rowEnd: (origin[0] + cells) * spec.cellPx,
    colStart: origin[1] * spec.cellPx,
    colEnd: (origin[1] + cells) * spec.cellPx,
  };
}

export const largeCropBox = (spec: GridSpec, p: AcePlacement): PixelBox => cropBox(spec, p.large, largeCells(spec));
export const smallCropBox = (spec: GridSpec, p: AcePlacement): PixelBox => cropBox(spec, p.small, spec.smallCells);

/** Half-open overlap interval in cells along one axis. */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

export function overlapInterval(spec: GridSpec, largeOrigin: number, smallOrigin: number): Interval {
  return {
    start: Math.max(largeOrigin, smallOrigin),
    end: Math.min(largeOrigin + largeCells(spec), smallOrigin + spec.smallCells),
  };
}

export interface AceMasks {
  /** [tokens²] 0/1, S token (i, j) at i*n + j. */
  readonly overlapSmall: Uint8Array;
  /** [tokens²] 0/1, L token (i, j) at i*n + j. */
  readonly overlapLarge: Uint8Array;
}

export function aceMasks(spec: GridSpec, p: AcePlacement): AceMasks {
  validatePlacement(spec, p);
  const n = tokensPerSide(spec);
  const rows = overlapInterval(spec, p.large[0], p.small[0]);
  const cols = overlapInterval(spec, p.large[1], p.small[1]);
  const overlapSmall = new Uint8Array(n * n);
  const overlapLarge = new Uint8Array(n * n);
  const inside = (v: number, iv: Interval): boolean => v >= iv.start && v < iv.end;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      // S token = one cell; L token = cells (rL+2i, rL+2i+1) whose overlap status is shared by parity.
      overlapSmall[i * n + j] = inside(p.small[0] + i, rows) && inside(p.small[1] + j, cols) ? 1 : 0;
      overlapLarge[i * n + j] = inside(p.large[0] + 2 * i, rows) && inside(p.large[1] + 2 * j, cols) ? 1 : 0;
    }
  }
  return { overlapSmall, overlapLarge };
}
