import sharp, { type Metadata, type OutputInfo } from 'sharp';
import { fail } from '../errors';
import { colorToGray } from '../dicom/color';
import type { DecodedImage, VoiWindow } from '../types';

export type RasterFormat = 'png' | 'jpeg' | 'tiff';

/**
 * PNG / JPEG / TIFF → the same DecodedImage shape as DICOM: one gray stored-value frame (8 or 16 bits, as in the file),
 * identity modality LUT, and a full-range window so display is the identity for 8-bit files.
 * Colour (RGB, RGBA, palette, CMYK) is reduced to BT.601 luma by the same code as DICOM colour, NOT by libvips'
 * colourspace conversion, so a PNG export of a DICOM colour image gets the same gray as the DICOM itself.
 * EXIF orientation is applied, so pixel (0,0) is the top-left a viewer shows.
 */
export async function decodeRaster(bytes: Uint8Array, format: RasterFormat, maxSamples: number): Promise<DecodedImage> {
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: maxSamples }).metadata();
  } catch (err) {
    fail(`${format.toUpperCase()} header unreadable: ${(err as Error).message}`);
  }
  const sixteen = meta.depth === 'ushort' || meta.depth === 'short';
  if (meta.depth !== 'uchar' && meta.depth !== 'char' && !sixteen) fail(`${format.toUpperCase()} samples of type ${meta.depth} are not supported`);
  const gray = meta.channels <= 2 && meta.space !== 'cmyk';
  const depth = sixteen ? 'ushort' : 'uchar';

  let pipeline = sharp(bytes, { limitInputPixels: maxSamples }).rotate();
  if (gray) pipeline = sixteen ? pipeline.toColourspace('grey16') : pipeline.extractChannel(0);
  else pipeline = pipeline.toColourspace(sixteen ? 'rgb16' : 'srgb').removeAlpha();
  let raw: { data: Buffer; info: OutputInfo };
  try {
    raw = await pipeline.raw({ depth }).toBuffer({ resolveWithObject: true });
  } catch (err) {
    fail(`${format.toUpperCase()} data could not be decoded: ${(err as Error).message}`);
  }
  const { width, height, channels } = raw.info;
  const pixels = width * height;
  // Copy out of sharp's buffer (it may be a pooled slice at an odd offset) into an aligned, owned array.
  const owned = new Uint8Array(raw.data);
  let frame: Uint8Array | Uint16Array;
  if (channels === 1) frame = sixteen ? new Uint16Array(owned.buffer, 0, pixels) : owned;
  else if (channels === 3) frame = colorToGray(owned, pixels, sixteen ? 2 : 1, 'RGB', 0);
  else fail(`${format.toUpperCase()} decoded to ${channels} channels, expected 1 or 3`);

  const bits = sixteen ? 16 : 8;
  const max = 2 ** bits - 1;
  const fullRange: VoiWindow = { kind: 'window', center: max / 2, width: max, function: 'LINEAR_EXACT', explanation: 'full range' };
  return {
    kind: 'image',
    width,
    height,
    frameCount: 1,
    frames: [frame],
    pixel: { bitsAllocated: bits, bitsStored: bits, highBit: bits - 1, signed: false },
    modalityLut: { kind: 'identity' },
    vois: [fullRange],
    invert: false,
    metadata: {
      format,
      photometric: gray ? 'MONOCHROME2' : meta.isPalette ? 'PALETTE' : meta.hasAlpha ? 'RGBA' : 'RGB',
      samplesPerPixel: meta.channels,
      sourceBitDepth: bits,
    },
    warnings: [],
  };
}
