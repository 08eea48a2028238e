import { fail } from '../../errors';
import type { CodecOutput } from './wasm';

/**
 * Sequential DCT JPEG with Huffman coding (ISO 10918-1 processes 1, 2 and 4: SOF0/SOF1), 8- or 12-bit precision.
 * It exists for DICOM JPEG Extended 12-bit (1.2.840.10008.1.2.4.51): the libjpeg-turbo wasm build we ship is
 * 8-bit only, and no maintained npm package exposes a 12-bit decoder on its own. Progressive and arithmetic
 * coding are out of scope (not allowed in .4.51 except arithmetic, which is retired).
 *
 * The IDCT is the exact floating-point one, so results agree with libjpeg's integer IDCT to within ±1 per sample.
 * Three-component images are returned as YCbCr (ycbcr: true); the caller keeps the luma.
 */

const ZIGZAG = new Uint8Array([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43,
  36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
]);

/** IDCT basis: COS[x * 8 + u] = C(u)/2 · cos((2x+1)uπ/16), C(0) = 1/√2. */
const COS = new Float64Array(64);
for (let x = 0; x < 8; x++) for (let u = 0; u < 8; u++) COS[x * 8 + u] = ((u === 0 ? Math.SQRT1_2 : 1) / 2) * Math.cos(((2 * x + 1) * u * Math.PI) / 16);

interface Huffman {
  readonly maxCode: Int32Array; // per length 1..16, -1 when no codes
  readonly valPtr: Int32Array;
  readonly minCode: Int32Array;
  readonly values: Uint8Array;
}

interface Component {
  readonly id: number;
  readonly h: number;
  readonly v: number;
  readonly tq: number;
  blocksPerLine: number;
  blocksPerColumn: number;
  /** Dequantised, de-zigzagged coefficients, 64 per block, row-major block order over the padded grid. */
  coefficients: Int32Array;
  pred: number;
}

interface Frame {
  readonly precision: number;
  readonly width: number;
  readonly height: number;
  readonly components: Component[];
  readonly maxH: number;
  readonly maxV: number;
  readonly mcusPerLine: number;
  readonly mcusPerColumn: number;
}

function buildHuffman(counts: Uint8Array, values: Uint8Array): Huffman {
  const maxCode = new Int32Array(18).fill(-1);
  const valPtr = new Int32Array(17);
  const minCode = new Int32Array(17);
  let code = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    const n = counts[len - 1]!;
    if (n > 0) {
      valPtr[len] = k;
      minCode[len] = code;
      code += n;
      k += n;
      maxCode[len] = code - 1;
    }
    code <<= 1;
  }
  maxCode[17] = 0x7fffffff; // sentinel: lets the decode loop stop at 16 bits
  return { maxCode, valPtr, minCode, values };
}

export function decodeJpegDct(data: Uint8Array): CodecOutput {
  const quant: (Int32Array | undefined)[] = [];
  const dcTables: (Huffman | undefined)[] = [];
  const acTables: (Huffman | undefined)[] = [];
  let frame: Frame | undefined;
  let restartInterval = 0;
  let at = 2; // after SOI, checked by the caller's marker walk
  const u16 = (i: number) => (data[i]! << 8) | data[i + 1]!;

  while (at + 4 <= data.length) {
    if (data[at] !== 0xff) fail(`JPEG codestream corrupt: expected a marker at byte ${at}`);
    const marker = data[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === 0xd9) break;
    const length = u16(at + 2);
    const seg = at + 4;
    const end = at + 2 + length;
    if (end > data.length) fail(`JPEG codestream truncated in marker FF${marker.toString(16).toUpperCase()} at byte ${at}`);
    switch (marker) {
      case 0xdb: // DQT
        for (let p = seg; p < end; ) {
          const pq = data[p]! >> 4;
          const tq = data[p]! & 15;
          p++;
          const table = new Int32Array(64);
          for (let i = 0; i < 64; i++, p += pq ? 2 : 1) table[i] = pq ? u16(p) : data[p]!; // zigzag order, like the coefficients
          quant[tq] = table;
        }
        break;
      case 0xc4: // DHT
        for (let p = seg; p < end; ) {
          const tc = data[p]! >> 4;
          const th = data[p]! & 15;
          const counts = data.subarray(p + 1, p + 17);
          const total = counts.reduce((s, c) => s + c, 0);
          const values = data.slice(p + 17, p + 17 + total);
          if (values.length < total) fail('JPEG Huffman table truncated');
          (tc === 0 ? dcTables : acTables)[th] = buildHuffman(counts, values);
          p += 17 + total;
        }
        break;
      case 0xdd: // DRI
        restartInterval = u16(seg);
        break;
      case 0xc0:
      case 0xc1:
        frame = readFrame(data, seg);
        break;
      case 0xda: {
        if (!frame) fail('JPEG scan before frame header');
        at = decodeScan(data, seg, end, frame, dcTables, acTables, quant, restartInterval);
        continue;
      }
      default:
        if (marker >= 0xc2 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
          fail(`unsupported JPEG process SOF${marker - 0xc0} in the 12-bit decoder`);
        }
    }
    at = end;
  }
  if (!frame) fail('JPEG codestream has no frame header');
  return { ...render(frame), bitsPerSample: frame.precision, signed: false };
}

function readFrame(data: Uint8Array, seg: number): Frame {
  const precision = data[seg]!;
  const height = (data[seg + 1]! << 8) | data[seg + 2]!;
  const width = (data[seg + 3]! << 8) | data[seg + 4]!;
  const count = data[seg + 5]!;
  if (precision !== 8 && precision !== 12) fail(`JPEG precision ${precision} is not 8 or 12`);
  if (width === 0 || height === 0) fail('JPEG frame has zero width or height (DNL not supported)');
  if (count < 1 || count > 4) fail(`JPEG frame has ${count} components`);
  const components: Component[] = [];
  for (let i = 0; i < count; i++) {
    const p = seg + 6 + i * 3;
    const h = data[p + 1]! >> 4;
    const v = data[p + 1]! & 15;
    if (h < 1 || h > 4 || v < 1 || v > 4) fail('JPEG sampling factors out of range');
    components.push({ id: data[p]!, h, v, tq: data[p + 2]!, blocksPerLine: 0, blocksPerColumn: 0, coefficients: new Int32Array(0), pred: 0 });
  }
  const maxH = Math.max(...components.map((c) => c.h));
  const maxV = Math.max(...components.map((c) => c.v));
  const mcusPerLine = Math.ceil(width / (8 * maxH));
  const mcusPerColumn = Math.ceil(height / (8 * maxV));
  for (const c of components) {
    // Allocate the MCU-padded grid; a non-interleaved scan only visits the blocks that cover the image.
    c.blocksPerLine = mcusPerLine * c.h;
    c.blocksPerColumn = mcusPerColumn * c.v;
    c.coefficients = new Int32Array(c.blocksPerLine * c.blocksPerColumn * 64);
  }
  return { precision, width, height, components, maxH, maxV, mcusPerLine, mcusPerColumn };
}

/** Decodes one scan's entropy-coded segment; returns the byte offset of the marker that ends it. */
function decodeScan(
  data: Uint8Array,
  seg: number,
  headerEnd: number,
  frame: Frame,
  dcTables: (Huffman | undefined)[],
  acTables: (Huffman | undefined)[],
  quant: (Int32Array | undefined)[],
  restartInterval: number,
): number {
  const ns = data[seg]!;
  const scan: { c: Component; dc: Huffman; ac: Huffman; q: Int32Array }[] = [];
  for (let i = 0; i < ns; i++) {
    const id = data[seg + 1 + i * 2]!;
    const tables = data[seg + 2 + i * 2]!;
    const c = frame.components.find((x) => x.id === id);
    if (!c) fail(`JPEG scan refers to unknown component ${id}`);
    const dc = dcTables[tables >> 4];
    const ac = acTables[tables & 15];
    const q = quant[c.tq];
    if (!dc || !ac || !q) fail('JPEG scan uses a Huffman or quantisation table that was never defined');
    scan.push({ c, dc, ac, q });
  }
  let pos = headerEnd;
  let bitBuf = 0;
  let bitCount = 0;
  let hitMarker = false;

  // Reads one bit; past a marker it yields zeros (the standard's behaviour for a short final segment).
  const bit = (): number => {
    if (bitCount === 0) {
      if (hitMarker || pos >= data.length) return 0;
      let b = data[pos]!;
      if (b === 0xff) {
        const next = data[pos + 1];
        if (next === 0x00) pos += 2;
        else {
          hitMarker = true;
          return 0;
        }
      } else pos++;
      bitBuf = b;
      bitCount = 8;
    }
    bitCount--;
    return (bitBuf >> bitCount) & 1;
  };
  const receive = (n: number): number => {
    let v = 0;
    for (let i = 0; i < n; i++) v = (v << 1) | bit();
    return v;
  };
  const extend = (v: number, n: number): number => (n === 0 ? 0 : v < 1 << (n - 1) ? v - (1 << n) + 1 : v);
  const huff = (t: Huffman): number => {
    let code = bit();
    let len = 1;
    while (code > t.maxCode[len]!) {
      code = (code << 1) | bit();
      len++;
    }
    if (len > 16) fail(`corrupt JPEG data near byte ${pos}: invalid Huffman code`);
    return t.values[t.valPtr[len]! + code - t.minCode[len]!]!;
  };

  const decodeBlock = (s: (typeof scan)[number], offset: number) => {
    const coeffs = s.c.coefficients;
    const t = huff(s.dc);
    s.c.pred += extend(receive(t), t);
    coeffs[offset] = s.c.pred * s.q[0]!;
    for (let k = 1; k < 64; ) {
      const rs = huff(s.ac);
      const size = rs & 15;
      const run = rs >> 4;
      if (size === 0) {
        if (run < 15) break; // EOB
        k += 16;
        continue;
      }
      k += run;
      if (k > 63) fail(`corrupt JPEG data near byte ${pos}: coefficient index past 63`);
      coeffs[offset + ZIGZAG[k]!] = extend(receive(size), size) * s.q[k]!;
      k++;
    }
  };

  const single = scan.length === 1 ? scan[0]! : undefined;
  // A single-component scan is non-interleaved: it visits just the blocks covering that component, in raster order.
  const blocksWide = single ? Math.ceil(Math.ceil((frame.width * single.c.h) / frame.maxH) / 8) : frame.mcusPerLine;
  const blocksHigh = single ? Math.ceil(Math.ceil((frame.height * single.c.v) / frame.maxV) / 8) : frame.mcusPerColumn;
  const total = blocksWide * blocksHigh;
  for (const s of scan) s.c.pred = 0;
  for (let mcu = 0; mcu < total; mcu++) {
    if (restartInterval > 0 && mcu > 0 && mcu % restartInterval === 0) {
      // Expect RSTn: byte-align, skip the marker, reset DC predictors.
      bitCount = 0;
      hitMarker = false;
      while (pos + 1 < data.length && !(data[pos] === 0xff && data[pos + 1]! >= 0xd0 && data[pos + 1]! <= 0xd7)) pos++;
      if (pos + 1 >= data.length) fail('JPEG codestream truncated: restart marker missing');
      pos += 2;
      for (const s of scan) s.c.pred = 0;
    }
    const row = Math.floor(mcu / blocksWide);
    const col = mcu % blocksWide;
    if (single) {
      decodeBlock(single, (row * single.c.blocksPerLine + col) * 64);
      continue;
    }
    for (const s of scan) {
      for (let v = 0; v < s.c.v; v++) {
        for (let h = 0; h < s.c.h; h++) {
          decodeBlock(s, ((row * s.c.v + v) * s.c.blocksPerLine + col * s.c.h + h) * 64);
        }
      }
    }
  }
  // Move to the next marker (skip fill bytes and trailing entropy data).
  while (pos + 1 < data.length && !(data[pos] === 0xff && data[pos + 1] !== 0x00 && !(data[pos + 1]! >= 0xd0 && data[pos + 1]! <= 0xd7))) pos++;
  return pos;
}

/** IDCT every block, level-shift, clamp, upsample to full resolution and interleave components. */
function render(frame: Frame): { width: number; height: number; components: number; bytes: Uint8Array; ycbcr?: true } {
  const { width, height, precision, components, maxH, maxV } = frame;
  const n = components.length;
  const maxValue = (1 << precision) - 1;
  const shift = 1 << (precision - 1);
  const wide = precision > 8;
  const out = wide ? new Uint16Array(width * height * n) : new Uint8Array(width * height * n);
  const tmp = new Float64Array(64);
  const block = new Int32Array(64);
  components.forEach((c, ci) => {
    const planeW = c.blocksPerLine * 8;
    const plane = new Int32Array(planeW * c.blocksPerColumn * 8);
    for (let by = 0; by < c.blocksPerColumn; by++) {
      for (let bx = 0; bx < c.blocksPerLine; bx++) {
        idct(c.coefficients, (by * c.blocksPerLine + bx) * 64, tmp, block);
        for (let y = 0; y < 8; y++) {
          const rowStart = (by * 8 + y) * planeW + bx * 8;
          for (let x = 0; x < 8; x++) {
            const v = block[y * 8 + x]! + shift;
            plane[rowStart + x] = v < 0 ? 0 : v > maxValue ? maxValue : v;
          }
        }
      }
    }
    const sx = c.h / maxH;
    const sy = c.v / maxV;
    for (let y = 0; y < height; y++) {
      const py = Math.floor(y * sy) * planeW;
      for (let x = 0; x < width; x++) out[(y * width + x) * n + ci] = plane[py + Math.floor(x * sx)]!;
    }
  });
  const bytes = new Uint8Array(out.buffer);
  return n === 3 ? { width, height, components: n, bytes, ycbcr: true } : { width, height, components: n, bytes };
}

/** Separable 8×8 inverse DCT, rows then columns, rounded to the nearest integer. */
function idct(coeffs: Int32Array, offset: number, tmp: Float64Array, out: Int32Array): void {
  for (let v = 0; v < 8; v++) {
    const row = offset + v * 8;
    for (let x = 0; x < 8; x++) {
      let s = 0;
      for (let u = 0; u < 8; u++) s += COS[x * 8 + u]! * coeffs[row + u]!;
      tmp[v * 8 + x] = s;
    }
  }
  for (let x = 0; x < 8; x++) {
    for (let y = 0; y < 8; y++) {
      let s = 0;
      for (let v = 0; v < 8; v++) s += COS[y * 8 + v]! * tmp[v * 8 + x]!;
      out[y * 8 + x] = Math.round(s);
    }
  }
}
