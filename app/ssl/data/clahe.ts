/**
 * OpenCV's CLAHE (createCLAHE(clipLimit, tiles)) on one 8-bit channel: per-tile histograms clipped at
 * clipLimit·tileArea/256 with the excess redistributed evenly (remainder spread with a stride), per-tile LUTs
 * from the CDF, then bilinear interpolation between the four nearest tile centres. Sides that are not a
 * multiple of the tile count are padded at the bottom/right by reflection (BORDER_REFLECT_101) for the
 * histograms only, as OpenCV does.
 */
const BINS = 256;

function tileLut(src: Uint8Array, width: number, top: number, left: number, th: number, tw: number, clipLimit: number): Uint8Array {
  const hist = new Int32Array(BINS);
  for (let y = top; y < top + th; y++) for (let x = left; x < left + tw; x++) hist[src[y * width + x] ?? 0]! += 1;
  const area = th * tw;
  const limit = Math.max(Math.floor((clipLimit * area) / BINS), 1);
  let clipped = 0;
  for (let i = 0; i < BINS; i++) {
    const h = hist[i] ?? 0;
    if (h > limit) {
      clipped += h - limit;
      hist[i] = limit;
    }
  }
  const batch = Math.floor(clipped / BINS);
  const residual = clipped - batch * BINS;
  for (let i = 0; i < BINS; i++) hist[i]! += batch;
  if (residual > 0) {
    const step = Math.max(Math.floor(BINS / residual), 1);
    for (let i = 0, remaining = residual; i < BINS && remaining > 0; i += step, remaining--) hist[i]! += 1;
  }
  const lut = new Uint8Array(BINS);
  const scale = (BINS - 1) / area;
  let sum = 0;
  for (let i = 0; i < BINS; i++) {
    sum += hist[i] ?? 0;
    lut[i] = Math.min(255, Math.max(0, Math.round(sum * scale)));
  }
  return lut;
}

const padTo = (n: number, tiles: number): number => (n % tiles === 0 ? n : n + tiles - (n % tiles));

function reflectPad(src: Uint8Array, height: number, width: number, ph: number, pw: number): Uint8Array {
  if (ph === height && pw === width) return src;
  const reflect = (i: number, n: number): number => (i < n ? i : Math.max(2 * n - 2 - i, 0));
  const out = new Uint8Array(ph * pw);
  for (let y = 0; y < ph; y++) for (let x = 0; x < pw; x++) out[y * pw + x] = src[reflect(y, height) * width + reflect(x, width)] ?? 0;
  return out;
}

export function clahe(src: Uint8Array, height: number, width: number, clipLimit: number, tiles = 8): Uint8Array {
  const ph = padTo(height, tiles);
  const pw = padTo(width, tiles);
  const padded = reflectPad(src, height, width, ph, pw);
  const th = ph / tiles;
  const tw = pw / tiles;
  const luts = new Uint8Array(tiles * tiles * BINS);
  for (let ty = 0; ty < tiles; ty++) for (let tx = 0; tx < tiles; tx++) luts.set(tileLut(padded, pw, ty * th, tx * tw, th, tw, clipLimit), (ty * tiles + tx) * BINS);
  // OpenCV's tile coordinate is the pixel index (not its centre) over the tile size, minus ½. The column
  // terms are the same for every row, so they are tabulated once (this runs per training view).
  const xa = new Int32Array(width);
  const xb = new Int32Array(width);
  const wxs = new Float64Array(width);
  for (let x = 0; x < width; x++) {
    const fx = x / tw - 0.5;
    const tx1 = Math.floor(fx);
    wxs[x] = fx - tx1;
    xa[x] = Math.max(tx1, 0) * BINS;
    xb[x] = Math.min(tx1 + 1, tiles - 1) * BINS;
  }
  const out = new Uint8Array(height * width);
  for (let y = 0; y < height; y++) {
    const fy = y / th - 0.5;
    const ty1 = Math.floor(fy);
    const wy = fy - ty1;
    const ya = Math.max(ty1, 0) * tiles * BINS;
    const yb = Math.min(ty1 + 1, tiles - 1) * tiles * BINS;
    for (let x = 0; x < width; x++) {
      const v = src[y * width + x] as number;
      const a = xa[x] as number;
      const b = xb[x] as number;
      const wx = wxs[x] as number;
      const r = ((luts[ya + a + v] as number) * (1 - wx) + (luts[ya + b + v] as number) * wx) * (1 - wy) + ((luts[yb + a + v] as number) * (1 - wx) + (luts[yb + b + v] as number) * wx) * wy;
      out[y * width + x] = Math.round(r);
    }
  }
  return out;
}
