/**
 * A tiny DICOM writer for synthetic tests: enough of PS3.5/PS3.10 to produce files with or without preamble and
 * file meta, in implicit/explicit VR little endian or explicit big endian, with native or encapsulated Pixel Data.
 */
export interface El {
  readonly tag: number; // 0xGGGGEEEE
  readonly vr: string;
  /** Strings for text VRs, numbers for US/SS/UL/FL/FD, bytes for OB/OW/UN, El[][] for SQ, Uint8Array[] for encapsulated Pixel Data fragments. */
  readonly value: string | number[] | Uint8Array | El[][] | { fragments: Uint8Array[] };
}

export interface WriteOptions {
  readonly transferSyntax: string;
  readonly preamble?: boolean; // default true
  readonly meta?: boolean; // default true
  /** Write the meta's Transfer Syntax UID (default true). */
  readonly metaTransferSyntax?: boolean;
}

const LONG = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const IMPLICIT = '1.2.840.10008.1.2';
const BIG = '1.2.840.10008.1.2.2';

class Out {
  private chunks: number[] = [];
  constructor(private readonly big: boolean) {}
  u8(...b: number[]) {
    this.chunks.push(...b);
  }
  u16(v: number) {
    if (this.big) this.u8((v >> 8) & 255, v & 255);
    else this.u8(v & 255, (v >> 8) & 255);
  }
  u32(v: number) {
    if (this.big) this.u8((v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255);
    else this.u8(v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255);
  }
  bytes(b: Uint8Array) {
    for (const x of b) this.chunks.push(x);
  }
  get length() {
    return this.chunks.length;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

function valueBytes(el: El, big: boolean, explicit: boolean): Uint8Array {
  const v = el.value;
  if (v instanceof Uint8Array) return pad(v, 0);
  if (typeof v === 'string') return pad(new TextEncoder().encode(v), el.vr === 'UI' ? 0 : 0x20);
  if (Array.isArray(v) && (v.length === 0 || typeof v[0] === 'number')) {
    const nums = v as number[];
    const size = el.vr === 'UL' || el.vr === 'SL' || el.vr === 'FL' ? 4 : el.vr === 'FD' ? 8 : 2;
    const dv = new DataView(new ArrayBuffer(nums.length * size));
    nums.forEach((n, i) => {
      if (el.vr === 'FL') dv.setFloat32(i * 4, n, !big);
      else if (el.vr === 'FD') dv.setFloat64(i * 8, n, !big);
      else if (size === 4) dv.setUint32(i * 4, n >>> 0, !big);
      else dv.setUint16(i * 2, n & 0xffff, !big);
    });
    return new Uint8Array(dv.buffer);
  }
  if (Array.isArray(v)) {
    const o = new Out(big);
    for (const item of v as El[][]) {
      o.u16(0xfffe);
      o.u16(0xe000);
      const body = writeElements(item, big, explicit);
      o.u32(body.length);
      o.bytes(body);
    }
    return o.done();
  }
  throw new Error('encapsulated value handled by the caller');
}

function pad(b: Uint8Array, fill: number): Uint8Array {
  if (b.length % 2 === 0) return b;
  const p = new Uint8Array(b.length + 1);
  p.set(b);
  p[b.length] = fill;
  return p;
}

export function writeElements(elements: readonly El[], big: boolean, explicit: boolean): Uint8Array {
  const o = new Out(big);
  for (const el of [...elements].sort((a, b) => a.tag - b.tag)) {
    o.u16(el.tag >>> 16);
    o.u16(el.tag & 0xffff);
    if (typeof el.value === 'object' && 'fragments' in el.value) {
      // Encapsulated Pixel Data: OB, undefined length, empty Basic Offset Table, one item per fragment, delimiter.
      o.u8(0x4f, 0x42, 0, 0);
      o.u32(0xffffffff);
      const items = [new Uint8Array(0), ...el.value.fragments.map((f) => pad(f, 0))];
      for (const item of items) {
        o.u16(0xfffe);
        o.u16(0xe000);
        o.u32(item.length);
        o.bytes(item);
      }
      o.u16(0xfffe);
      o.u16(0xe0dd);
      o.u32(0);
      continue;
    }
    const body = valueBytes(el, big, explicit);
    if (explicit) {
      o.u8(el.vr.charCodeAt(0), el.vr.charCodeAt(1));
      if (LONG.has(el.vr)) {
        o.u16(0);
        o.u32(body.length);
      } else o.u16(body.length);
    } else o.u32(body.length);
    o.bytes(body);
  }
  return o.done();
}

export function writeDicom(elements: readonly El[], options: WriteOptions): Uint8Array {
  const big = options.transferSyntax === BIG;
  const explicit = options.transferSyntax !== IMPLICIT;
  const parts: Uint8Array[] = [];
  if (options.preamble ?? true) parts.push(new Uint8Array(128), new TextEncoder().encode('DICM'));
  if (options.meta ?? true) {
    const meta: El[] = [
      { tag: 0x00020001, vr: 'OB', value: Uint8Array.of(0, 1) },
      { tag: 0x00020002, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.1' },
      { tag: 0x00020003, vr: 'UI', value: '1.2.3.4' },
      ...(options.metaTransferSyntax ?? true ? [{ tag: 0x00020010, vr: 'UI', value: options.transferSyntax }] : []),
    ];
    const body = writeElements(meta, false, true);
    parts.push(writeElements([{ tag: 0x00020000, vr: 'UL', value: [body.length] }], false, true), body);
  }
  parts.push(writeElements(elements, big, explicit));
  const total = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Image Pixel module elements for a grayscale image. */
export function imagePixel(o: {
  rows: number;
  cols: number;
  bitsAllocated?: number;
  bitsStored?: number;
  signed?: boolean;
  photometric?: string;
  samplesPerPixel?: number;
}): El[] {
  const ba = o.bitsAllocated ?? 16;
  const bs = o.bitsStored ?? ba;
  return [
    { tag: 0x00280002, vr: 'US', value: [o.samplesPerPixel ?? 1] },
    { tag: 0x00280004, vr: 'CS', value: o.photometric ?? 'MONOCHROME2' },
    { tag: 0x00280010, vr: 'US', value: [o.rows] },
    { tag: 0x00280011, vr: 'US', value: [o.cols] },
    { tag: 0x00280100, vr: 'US', value: [ba] },
    { tag: 0x00280101, vr: 'US', value: [bs] },
    { tag: 0x00280102, vr: 'US', value: [bs - 1] },
    { tag: 0x00280103, vr: 'US', value: [o.signed ? 1 : 0] },
    ...((o.samplesPerPixel ?? 1) === 3 ? [{ tag: 0x00280006, vr: 'US', value: [0] }] : []),
  ];
}

/** Pixel Data bytes of 16-bit samples in the requested byte order. */
export function words(values: readonly number[], big = false): Uint8Array {
  const dv = new DataView(new ArrayBuffer(values.length * 2));
  values.forEach((v, i) => dv.setUint16(i * 2, v & 0xffff, !big));
  return new Uint8Array(dv.buffer);
}
