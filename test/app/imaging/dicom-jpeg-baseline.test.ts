import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImageBytes } from '../../../app/imaging/decode';
import { imagePixel, writeDicom } from '../../helpers/dicom-writer';

const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';
const W = 64;
const H = 48;

/** A smooth test pattern, so JPEG errors stay small. */
function pattern(channels: number): Uint8Array {
  const out = new Uint8Array(W * H * channels);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let c = 0; c < channels; c++) out[(y * W + x) * channels + c] = (x * 3 + y * 2 + c * 40) % 256;
  return out;
}

async function decodeWrapped(jpeg: Buffer, photometric: string, samplesPerPixel: number) {
  const els = [
    ...imagePixel({ rows: H, cols: W, bitsAllocated: 8, photometric, samplesPerPixel }),
    { tag: 0x7fe00010, vr: 'OB', value: { fragments: [new Uint8Array(jpeg)] } },
  ];
  const r = await decodeImageBytes(writeDicom(els, { transferSyntax: JPEG_BASELINE }), 'jpeg.dcm');
  if (r.kind !== 'image') throw new Error(r.reason);
  return r;
}

describe('JPEG baseline 8-bit (1.2.840.10008.1.2.4.50) via libjpeg-turbo wasm', () => {
  it('gray: identical to sharp’s (native libjpeg-turbo) decode of the same codestream', async () => {
    const jpeg = await sharp(pattern(1), { raw: { width: W, height: H, channels: 1 } }).toColourspace('b-w').jpeg({ quality: 90 }).toBuffer();
    const img = await decodeWrapped(jpeg, 'MONOCHROME2', 1);
    const ref = await sharp(jpeg).extractChannel(0).raw().toBuffer();
    let maxDiff = 0;
    for (let i = 0; i < ref.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ref[i]! - img.frames[0]![i]!));
    expect(maxDiff).toBeLessThanOrEqual(1);
  });

  it('YBR_FULL_422 colour: decoded to RGB by the codec, then to BT.601 luma', async () => {
    const jpeg = await sharp(pattern(3), { raw: { width: W, height: H, channels: 3 } }).jpeg({ quality: 95, chromaSubsampling: '4:2:0' }).toBuffer();
    const img = await decodeWrapped(jpeg, 'YBR_FULL_422', 3);
    const rgb = await sharp(jpeg).raw().toBuffer();
    let maxDiff = 0;
    for (let i = 0; i < W * H; i++) {
      const luma = Math.round(0.299 * rgb[i * 3]! + 0.587 * rgb[i * 3 + 1]! + 0.114 * rgb[i * 3 + 2]!);
      maxDiff = Math.max(maxDiff, Math.abs(luma - img.frames[0]![i]!));
    }
    expect(maxDiff).toBeLessThanOrEqual(2);
  });

  it('a truncated codestream is an error, not a gray-filled image', async () => {
    const jpeg = await sharp(pattern(1), { raw: { width: W, height: H, channels: 1 } }).toColourspace('b-w').jpeg().toBuffer();
    await expect(decodeWrapped(jpeg.subarray(0, jpeg.length - 200), 'MONOCHROME2', 1)).rejects.toThrow(/JPEG codestream truncated/);
  });
});
