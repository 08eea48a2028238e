import type { DataSet, Element } from 'dicom-parser';
import { fail } from '../errors';
import type { StoredArray } from '../types';
import type { PixelModule } from './attributes';
import { decodeJpegDct } from './codecs/jpeg-dct';
import { decodeJpegLossless } from './codecs/jpeg-lossless';
import { checkJ2kSiz } from './codecs/j2k-siz';
import { readJpegFrameHeader } from './codecs/jpeg-markers';
import { decodeRle } from './codecs/rle';
import { htj2kCodec, j2kCodec, jpeg8Codec, jpegLsCodec, type CodecOutput, type ReduceRequest } from './codecs/wasm';
import { colorToGray, ybr422ToGray } from './color';
import { readEncapsulatedFrame, readNativeFrame, type FrameStartMarker } from './frames';
import type { TransferSyntax } from './transfer-syntax';

/**
 * One frame of Pixel Data → raw gray samples (one per pixel, `bitsAllocated` wide, before Bits Stored masking).
 * Codec output is checked against the DICOM header (size, components, precision) so a mismatch is an error, not
 * a silently garbled image.
 */
export async function decodeFrameSamples(
  ds: DataSet,
  element: Element,
  pixel: PixelModule,
  syntax: TransferSyntax,
  index: number,
  warnings: string[],
  maxLongSide?: number,
): Promise<{ samples: StoredArray; width: number; height: number }> {
  const pixels = pixel.rows * pixel.columns;
  const bytesPerSample = pixel.bitsAllocated / 8;
  const full = (samples: StoredArray) => ({ samples, width: pixel.columns, height: pixel.rows });
  if (syntax.codec === 'native') {
    const bytes = readNativeFrame(ds, element, pixel, index, syntax.bigEndian);
    if (pixel.samplesPerPixel === 3 && pixel.photometric === 'YBR_FULL_422') {
      if (bytesPerSample !== 1) fail('YBR_FULL_422 with more than 8 bits per sample is not supported');
      return full(ybr422ToGray(bytes, pixels));
    }
    return full(toGray(bytes, pixel, pixel.photometric, pixel.planarConfiguration));
  }
  const encoded = readEncapsulatedFrame(ds, element, pixel.numberOfFrames, index, frameStartMarker(syntax));
  if (syntax.codec === 'rle') {
    if (bytesPerSample > 2 && pixel.samplesPerPixel > 1) fail('RLE with 32-bit colour samples is not supported');
    // RLE stores each sample as its own segment, so the decoded data is always pixel-interleaved here.
    return full(toGray(decodeRle(encoded, pixels, pixel.samplesPerPixel, bytesPerSample), pixel, pixel.photometric, 0));
  }
  if (syntax.codec === 'j2k' || syntax.codec === 'htj2k') checkJ2kSiz(encoded, pixel.columns, pixel.rows, pixel.samplesPerPixel);
  const out = await runCodec(syntax, encoded, maxLongSide ? { width: pixel.columns, height: pixel.rows, maxLongSide } : undefined);
  // A reduced-resolution decode is checked against the header's size halved once per skipped level.
  const scale = 2 ** (out.levels ?? 0);
  const frame: PixelModule = scale === 1 ? pixel : { ...pixel, columns: Math.ceil(pixel.columns / scale), rows: Math.ceil(pixel.rows / scale) };
  checkCodecOutput(out, frame, syntax, warnings);
  const widened = widen(out, pixel.bitsAllocated);
  if (syntax.lossy && out.bitsPerSample > pixel.bitsStored && !pixel.signed && !out.signed) clampUnsigned(widened, pixel);
  const samples = toGray(widened, frame, photometricAfterCodec(syntax, pixel.photometric, out), 0);
  return { samples, width: frame.columns, height: frame.rows };
}

function frameStartMarker(syntax: TransferSyntax): FrameStartMarker {
  if (syntax.codec === 'j2k' || syntax.codec === 'htj2k') return 0x4f;
  if (syntax.codec.startsWith('jpeg')) return 0xd8;
  return undefined;
}

/**
 * Picks the decoder by what the codestream actually is, not only by the UID: .4.51 files very often carry 8-bit data
 * (libjpeg-turbo decodes it exactly), and mislabelled lossless streams still decode.
 */
async function runCodec(syntax: TransferSyntax, encoded: Uint8Array, reduce: ReduceRequest | undefined): Promise<CodecOutput> {
  switch (syntax.codec) {
    case 'jpeg-8bit':
    case 'jpeg-12bit':
    case 'jpeg-lossless': {
      requireEndMarker(encoded, 'JPEG', 0xd9);
      const header = readJpegFrameHeader(encoded);
      if (header.process === 3 || header.process === 7) return decodeJpegLossless(encoded);
      if (header.process >= 9) fail(`unsupported: arithmetic-coded JPEG (SOF${header.process}) has no decoder here`);
      if (header.precision <= 8) return jpeg8Codec.decode(encoded);
      if (header.precision === 12 && (header.process === 0 || header.process === 1)) return decodeJpegDct(encoded);
      return fail(`unsupported: JPEG SOF${header.process} with ${header.precision}-bit precision`);
    }
    case 'jpeg-ls':
      return jpegLsCodec.decode(encoded);
    case 'j2k':
      requireEndMarker(encoded, 'JPEG 2000', 0xd9);
      return j2kCodec.decode(encoded, reduce);
    case 'htj2k':
      requireEndMarker(encoded, 'HTJ2K', 0xd9);
      return htj2kCodec.decode(encoded, reduce);
    default:
      return fail(`internal: no codec for ${syntax.name}`);
  }
}

/**
 * JPEG and JPEG 2000 codestreams end with FFD9 (EOI / EOC). Decoders are lenient with truncation and fill the missing
 * part with gray, which would import a wrong image without a word; so a missing end marker is reported instead.
 * Encapsulation may append one pad byte, and some writers a few more, so the last 16 bytes are searched.
 */
function requireEndMarker(encoded: Uint8Array, label: string, second: number): void {
  for (let i = encoded.length - 2; i >= Math.max(0, encoded.length - 16); i--) {
    if (encoded[i] === 0xff && encoded[i + 1] === second) return;
  }
  fail(`${label} codestream truncated at byte ${encoded.length}: no end marker (FF${second.toString(16).toUpperCase()})`);
}

function checkCodecOutput(out: CodecOutput, pixel: PixelModule, syntax: TransferSyntax, warnings: string[]): void {
  if (out.width !== pixel.columns || out.height !== pixel.rows) {
    fail(`${syntax.name} codestream is ${out.width} × ${out.height} but Columns × Rows say ${pixel.columns} × ${pixel.rows}`);
  }
  if (out.components !== pixel.samplesPerPixel) {
    fail(`${syntax.name} codestream has ${out.components} component(s) but Samples per Pixel is ${pixel.samplesPerPixel}`);
  }
  if (out.bitsPerSample > pixel.bitsAllocated) {
    fail(`${syntax.name} codestream has ${out.bitsPerSample}-bit samples but Bits Allocated is ${pixel.bitsAllocated}`);
  }
  if (out.bitsPerSample > pixel.bitsStored) {
    const how = syntax.lossy ? 'values above the stored range are clamped' : 'bits above Bits Stored are masked';
    warnings.push(`codestream precision ${out.bitsPerSample} bits exceeds Bits Stored ${pixel.bitsStored}; ${how}`);
  }
  if (out.signed !== pixel.signed && (syntax.codec === 'j2k' || syntax.codec === 'htj2k')) {
    // Known encoder bug: J2K codestream signedness disagrees with Pixel Representation. The raw bit patterns are right;
    // Pixel Representation decides how they are read (as pydicom and GDCM do).
    warnings.push(
      `JPEG 2000 codestream is ${out.signed ? 'signed' : 'unsigned'} but Pixel Representation says ${pixel.signed ? 'signed' : 'unsigned'}; following Pixel Representation`,
    );
  }
}

/**
 * Lossy codecs (e.g. 12-bit JPEG holding 10-bit data) can overshoot the stored range by ringing; masking would wrap
 * 1024 to 0 (a black speck in a bright area), so overshoot is clamped to the largest stored value instead.
 */
function clampUnsigned(bytes: Uint8Array, pixel: PixelModule): void {
  const max = 2 ** pixel.bitsStored - 1;
  const n = bytes.length / (pixel.bitsAllocated / 8);
  const v = pixel.bitsAllocated === 8 ? bytes : pixel.bitsAllocated === 16 ? new Uint16Array(bytes.buffer, bytes.byteOffset, n) : new Uint32Array(bytes.buffer, bytes.byteOffset, n);
  for (let i = 0; i < n; i++) if (v[i]! > max) v[i] = max;
}

/** Codec samples are 1 or 2 bytes; give them the Bits Allocated width (e.g. 8-bit JPEG data in a 16-bit image). */
function widen(out: CodecOutput, bitsAllocated: number): Uint8Array {
  const have = out.bitsPerSample > 8 ? 2 : 1;
  const want = bitsAllocated / 8;
  if (have === want) return out.bytes;
  const n = out.bytes.length / have;
  const src = have === 1 ? out.bytes : new Uint16Array(out.bytes.buffer, out.bytes.byteOffset, n);
  const dst = want === 2 ? new Uint16Array(n) : new Uint32Array(n);
  // Signed codestreams keep their sign when widened.
  if (out.signed && have === 2) for (let i = 0; i < n; i++) dst[i] = (src[i]! << 16) >> 16;
  else dst.set(src);
  return new Uint8Array(dst.buffer);
}

/** What the decoded samples are: codecs that undo the colour transform hand back RGB whatever the header says. */
function photometricAfterCodec(syntax: TransferSyntax, photometric: string, out: CodecOutput): string {
  if (out.components !== 3) return photometric;
  if (out.ycbcr) return 'YBR_FULL';
  if (syntax.codec === 'j2k' || syntax.codec === 'htj2k') return photometric === 'YBR_ICT' || photometric === 'YBR_RCT' ? 'RGB' : photometric;
  if (syntax.codec === 'jpeg-8bit' || syntax.codec === 'jpeg-12bit') return photometric.startsWith('YBR') ? 'RGB' : photometric;
  return photometric;
}

/** Little-endian frame bytes → one raw sample per pixel with the Bits Allocated width. */
function toGray(bytes: Uint8Array, pixel: PixelModule, photometric: string, planar: number): StoredArray {
  const pixels = pixel.rows * pixel.columns;
  if (pixel.samplesPerPixel === 3) {
    if (pixel.bitsAllocated === 32) fail('32-bit colour samples are not supported');
    return colorToGray(bytes, pixels, pixel.bitsAllocated === 8 ? 1 : 2, photometric, planar);
  }
  if (photometric !== 'MONOCHROME1' && photometric !== 'MONOCHROME2') {
    fail(`Photometric Interpretation ${photometric} with 1 sample per pixel is not supported${photometric === 'PALETTE COLOR' ? ' (palette colour)' : ''}`);
  }
  const aligned = bytes.byteOffset % (pixel.bitsAllocated / 8) === 0 ? bytes : bytes.slice();
  switch (pixel.bitsAllocated) {
    case 8:
      return aligned;
    case 16:
      return new Uint16Array(aligned.buffer, aligned.byteOffset, pixels);
    default:
      return new Uint32Array(aligned.buffer, aligned.byteOffset, pixels);
  }
}
