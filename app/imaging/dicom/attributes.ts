import type { DataSet, Element } from 'dicom-parser';
import { fail } from '../errors';
import type { Lut, ModalityTransform, Voi, VoiFunction } from '../types';
import { describeTag } from './tags';

/**
 * Reading the Image Pixel module and the LUT chain out of a dicom-parser DataSet, with checks that produce specific
 * errors ("Rows (0028,0010) missing") instead of NaN sizes further down.
 */
export interface PixelModule {
  readonly rows: number;
  readonly columns: number;
  readonly samplesPerPixel: number;
  readonly photometric: string;
  readonly planarConfiguration: number;
  readonly bitsAllocated: number;
  readonly bitsStored: number;
  readonly highBit: number;
  readonly signed: boolean;
  readonly numberOfFrames: number;
}

export function str(ds: DataSet, tag: string, index = 0): string | undefined {
  const v = ds.string(tag, index);
  return v === undefined || v === '' ? undefined : v;
}

function requiredUs(ds: DataSet, tag: string): number {
  const el = ds.elements[tag];
  if (!el || el.length === 0) fail(`${describeTag(tag)} missing`);
  if (el.length < 2) fail(`${describeTag(tag)} has a ${el.length}-byte value, not an unsigned short`);
  return ds.uint16(tag)!;
}

function optionalUs(ds: DataSet, tag: string, fallback: number): number {
  const el = ds.elements[tag];
  return el && el.length >= 2 ? ds.uint16(tag)! : fallback;
}

/** DS/IS values: dicom-parser's floatString returns NaN for junk; we refuse junk explicitly. */
function decimal(ds: DataSet, tag: string, index = 0): number | undefined {
  const raw = str(ds, tag, index);
  if (raw === undefined) return undefined;
  const v = Number(raw.trim());
  if (!Number.isFinite(v)) fail(`${describeTag(tag)} value "${raw}" is not a number`);
  return v;
}

export function readPixelModule(ds: DataSet): PixelModule {
  const rows = requiredUs(ds, 'x00280010');
  const columns = requiredUs(ds, 'x00280011');
  if (rows === 0 || columns === 0) fail(`image is ${rows} × ${columns}: Rows (0028,0010) and Columns (0028,0011) must be positive`);
  const bitsAllocated = requiredUs(ds, 'x00280100');
  if (bitsAllocated !== 8 && bitsAllocated !== 16 && bitsAllocated !== 32) {
    const why = bitsAllocated === 12 ? ' (12-bit packed pixels are a retired ACR-NEMA encoding)' : bitsAllocated === 1 ? ' (bit-packed data is for masks, not radiographs)' : '';
    fail(`unsupported: Bits Allocated (0028,0100) is ${bitsAllocated}; only 8, 16 and 32 are supported${why}`);
  }
  const bitsStored = optionalUs(ds, 'x00280101', bitsAllocated);
  const highBit = optionalUs(ds, 'x00280102', bitsStored - 1);
  if (bitsStored < 1 || bitsStored > bitsAllocated || highBit < bitsStored - 1 || highBit >= bitsAllocated) {
    fail(`inconsistent bit layout: Bits Allocated ${bitsAllocated}, Bits Stored ${bitsStored}, High Bit ${highBit}`);
  }
  const pixelRepresentation = optionalUs(ds, 'x00280103', 0);
  const samplesPerPixel = optionalUs(ds, 'x00280002', 1);
  if (samplesPerPixel !== 1 && samplesPerPixel !== 3) fail(`Samples per Pixel (0028,0002) is ${samplesPerPixel}; only 1 and 3 are supported`);
  const photometric = (str(ds, 'x00280004') ?? (samplesPerPixel === 1 ? 'MONOCHROME2' : 'RGB')).trim().toUpperCase();
  const framesRaw = str(ds, 'x00280008');
  let numberOfFrames = 1;
  if (framesRaw !== undefined) {
    if (!/^\s*[+]?\d+\s*$/.test(framesRaw)) fail(`Number of Frames (0028,0008) value "${framesRaw}" is not an integer`);
    numberOfFrames = Number(framesRaw);
    if (numberOfFrames < 1) fail(`Number of Frames (0028,0008) is ${numberOfFrames}`);
  }
  return {
    rows,
    columns,
    samplesPerPixel,
    photometric,
    planarConfiguration: optionalUs(ds, 'x00280006', 0),
    bitsAllocated,
    bitsStored,
    highBit,
    signed: pixelRepresentation === 1,
    numberOfFrames,
  };
}

/** Modality LUT Sequence if present (it replaces rescale), else Rescale Slope/Intercept, else identity. */
export function readModalityTransform(ds: DataSet, pixel: PixelModule, warnings: string[]): ModalityTransform {
  const item = ds.elements.x00283000?.items?.[0]?.dataSet;
  if (item) {
    const lut = readLut(item, pixel.signed, 'Modality LUT');
    const type = str(item, 'x00283004');
    return type ? { kind: 'lut', lut, type } : { kind: 'lut', lut };
  }
  const slope = decimal(ds, 'x00281053');
  const intercept = decimal(ds, 'x00281052');
  if (slope === undefined && intercept === undefined) return { kind: 'identity' };
  if (slope === 0) {
    warnings.push('Rescale Slope (0028,1053) is 0; ignored');
    return { kind: 'identity' };
  }
  const s = slope ?? 1;
  const i = intercept ?? 0;
  if (s === 1 && i === 0) return { kind: 'identity' };
  const type = str(ds, 'x00281054');
  return type ? { kind: 'rescale', slope: s, intercept: i, type } : { kind: 'rescale', slope: s, intercept: i };
}

/** All VOIs of the file: every Window Center/Width pair (with its explanation and the VOI LUT Function), then VOI LUT items. */
export function readVois(ds: DataSet, pixel: PixelModule, warnings: string[]): Voi[] {
  const vois: Voi[] = [];
  const centers = ds.numStringValues('x00281050') ?? 0;
  const widths = ds.numStringValues('x00281051') ?? 0;
  if (centers !== widths) warnings.push(`Window Center has ${centers} value(s) but Window Width has ${widths}; using the first ${Math.min(centers, widths)}`);
  const fnRaw = str(ds, 'x00281056')?.trim().toUpperCase();
  let fn: VoiFunction = 'LINEAR';
  if (fnRaw === 'LINEAR' || fnRaw === 'LINEAR_EXACT' || fnRaw === 'SIGMOID') fn = fnRaw;
  else if (fnRaw) warnings.push(`VOI LUT Function (0028,1056) "${fnRaw}" is not defined; using LINEAR`);
  for (let i = 0; i < Math.min(centers, widths); i++) {
    const center = Number(str(ds, 'x00281050', i));
    const width = Number(str(ds, 'x00281051', i));
    if (!Number.isFinite(center) || !Number.isFinite(width)) {
      // A broken window only costs the default display, not the image.
      warnings.push(`window ${i + 1} ("${str(ds, 'x00281050', i) ?? ''}" / "${str(ds, 'x00281051', i) ?? ''}") is not numeric; ignored`);
      continue;
    }
    if (fn === 'LINEAR' ? width < 1 : width <= 0) {
      warnings.push(`window ${i + 1} (center ${center}, width ${width}) is invalid for ${fn}; ignored`);
      continue;
    }
    const explanation = str(ds, 'x00281055', i);
    vois.push(explanation ? { kind: 'window', center, width, function: fn, explanation } : { kind: 'window', center, width, function: fn });
  }
  for (const item of ds.elements.x00283010?.items ?? []) {
    if (item.dataSet) vois.push({ kind: 'lut', lut: readLut(item.dataSet, pixel.signed, 'VOI LUT') });
  }
  return vois;
}

/**
 * LUT Descriptor (0028,3002) = [entries (0 means 65536), first mapped value, bits per entry] + LUT Data (0028,3006).
 * The first mapped value is signed when its VR is SS, or — in implicit VR, where there is no VR — when the pixels are signed.
 */
function readLut(item: DataSet, signedPixels: boolean, what: string): Lut {
  const desc = item.elements.x00283002;
  if (!desc || desc.length < 6) fail(`${what}: LUT Descriptor (0028,3002) missing or short`);
  const entries = item.uint16('x00283002', 0) || 65536;
  let first = item.uint16('x00283002', 1)!;
  const signedFirst = desc.vr === 'SS' || (desc.vr === undefined && signedPixels);
  if (signedFirst && first >= 0x8000) first -= 0x10000;
  const bits = item.uint16('x00283002', 2)!;
  if (bits < 1 || bits > 16) fail(`${what}: LUT Descriptor says ${bits} bits per entry`);
  const dataEl: Element | undefined = item.elements.x00283006;
  if (!dataEl || dataEl.length === 0) fail(`${what}: LUT Data (0028,3006) missing`);
  const data = new Uint16Array(entries);
  if (dataEl.length >= entries * 2) {
    for (let i = 0; i < entries; i++) data[i] = item.uint16('x00283006', i)!;
  } else if (bits === 8 && dataEl.length >= entries) {
    // 8-bit entries packed two per 16-bit word (allowed for OW LUT Data); byte order follows the file's.
    for (let i = 0; i < entries; i++) data[i] = item.byteArray[dataEl.dataOffset + i]!;
  } else {
    fail(`${what}: LUT Data has ${dataEl.length} bytes but the descriptor declares ${entries} entries of ${bits} bits`);
  }
  const explanation = str(item, 'x00283003');
  return explanation ? { firstMapped: first, bits, data, explanation } : { firstMapped: first, bits, data };
}

/** "0.139\0.139" → [0.139, 0.139]; anything else → undefined (spacing is informative, never fatal). */
export function readSpacing(ds: DataSet, tag: string): readonly [number, number] | undefined {
  const a = Number(ds.string(tag, 0));
  const b = Number(ds.string(tag, 1));
  return Number.isFinite(a) && Number.isFinite(b) && a > 0 && b > 0 ? [a, b] : undefined;
}
