import type { DataSet } from 'dicom-parser';
import { fail } from '../errors';
import { presentationInverts } from '../pixels/presentation';
import { toStoredValues } from '../pixels/stored';
import type { DecodeOptions, DecodeResult, ImageMetadata, PixelFormat, StoredArray } from '../types';
import { readModalityTransform, readPixelModule, readSpacing, readVois, str } from './attributes';
import type { Container } from './container';
import { parseDicomBytes } from './parse';
import { decodeFrameSamples } from './pixel-data';
import { patientKey } from './pseudonym';
import { lookupTransferSyntax, transferSyntaxLabel } from './transfer-syntax';

export const DEFAULT_MAX_SAMPLES = 2 ** 28;

/**
 * A DICOM file's bytes → stored-value frames plus the LUT chain and non-identifying metadata.
 * Patient name, birth date and the raw Patient ID are read nowhere except for the salted key.
 */
export async function decodeDicom(bytes: Uint8Array, options: DecodeOptions = {}): Promise<DecodeResult> {
  const maxSamples = options.maxSamples ?? DEFAULT_MAX_SAMPLES;
  const { dataSet: ds, container } = parseDicomBytes(bytes, maxSamples * 4);
  const warnings = [...container.warnings, ...ds.warnings];
  const metadata = describe(ds, container, options.patientKeySalt);

  const element = ds.elements.x7fe00010;
  if (!element) {
    const other = ds.elements.x7fe00008 ? ' (it has Float Pixel Data, which is parametric data, not a radiograph)' : '';
    const what = [metadata.modality && `modality ${metadata.modality}`, metadata.sopClassUid && `SOP Class ${metadata.sopClassUid}`].filter(Boolean).join(', ');
    return { kind: 'no_image', reason: `no Pixel Data (7FE0,0010)${what ? ` — ${what}` : ''}${other}`, metadata };
  }
  if (element.length === 0 && !element.encapsulatedPixelData) return { kind: 'no_image', reason: 'Pixel Data (7FE0,0010) is empty', metadata };

  const pixel = readPixelModule(ds);
  const samples = pixel.rows * pixel.columns * pixel.samplesPerPixel * pixel.numberOfFrames;
  if (samples > maxSamples) {
    fail(`image too large: ${pixel.rows} × ${pixel.columns} × ${pixel.samplesPerPixel} sample(s) × ${pixel.numberOfFrames} frame(s) exceeds ${maxSamples} samples`);
  }
  const syntax = lookupTransferSyntax(container.transferSyntaxUid) ?? fail(`unsupported: ${transferSyntaxLabel(container.transferSyntaxUid)}`);
  const encapsulated = element.encapsulatedPixelData === true;
  if (encapsulated !== (syntax.codec !== 'native')) {
    fail(`Pixel Data is ${encapsulated ? 'encapsulated (compressed)' : 'native (uncompressed)'} but the transfer syntax is ${transferSyntaxLabel(syntax.uid)}`);
  }

  // Colour is converted to gray while decoding, so stored values are unsigned luma in the same bit depth.
  const format: PixelFormat = {
    bitsAllocated: pixel.bitsAllocated,
    bitsStored: pixel.bitsStored,
    // Codecs return values aligned to bit 0; native and RLE data keep the file's bit layout.
    highBit: pixel.samplesPerPixel === 3 || (syntax.codec !== 'native' && syntax.codec !== 'rle') ? pixel.bitsStored - 1 : pixel.highBit,
    signed: pixel.samplesPerPixel === 1 && pixel.signed,
  };
  const count = options.allFrames ? pixel.numberOfFrames : 1;
  const frames: StoredArray[] = [];
  let size = { width: pixel.columns, height: pixel.rows };
  for (let i = 0; i < count; i++) {
    const decoded = await decodeFrameSamples(ds, element, pixel, syntax, i, warnings, options.maxLongSide);
    size = { width: decoded.width, height: decoded.height };
    frames.push(toStoredValues(decoded.samples, format));
  }
  const reduced = size.width !== pixel.columns || size.height !== pixel.rows;
  // After decoding, stored values sit in the low bits: High Bit is Bits Stored − 1 from here on.
  const storedFormat: PixelFormat = { ...format, highBit: format.bitsStored - 1 };

  const presentationLutShape = str(ds, 'x20500020')?.trim().toUpperCase();
  return {
    kind: 'image',
    width: size.width,
    height: size.height,
    ...(reduced ? { reducedFrom: { width: pixel.columns, height: pixel.rows } } : {}),
    frameCount: pixel.numberOfFrames,
    frames,
    pixel: storedFormat,
    modalityLut: readModalityTransform(ds, pixel, warnings),
    vois: readVois(ds, pixel, warnings),
    invert: pixel.samplesPerPixel === 1 && presentationInverts(pixel.photometric, presentationLutShape),
    metadata: {
      ...metadata,
      photometric: pixel.photometric,
      samplesPerPixel: pixel.samplesPerPixel,
      planarConfiguration: pixel.planarConfiguration,
      transferSyntaxName: syntax.name,
      sourceBitDepth: pixel.bitsStored,
    },
    // Per-frame checks repeat the same remark for every frame; keep each once.
    warnings: [...new Set(warnings)],
  };
}

/** Descriptive, non-identifying attributes. The only patient attribute read is Patient ID, and only to key it. */
type Descriptors = Omit<ImageMetadata, 'photometric' | 'samplesPerPixel' | 'sourceBitDepth'>;

function describe(ds: DataSet, container: Container, salt: string | undefined): Descriptors {
  const trimmed = (tag: string) => str(ds, tag)?.trim() || undefined;
  const id = salt ? str(ds, 'x00100020') : undefined;
  const key = id && salt ? patientKey(id, salt) : undefined;
  const entries: [keyof ImageMetadata, unknown][] = [
    ['transferSyntax', container.transferSyntaxUid],
    ['modality', trimmed('x00080060')],
    ['viewPosition', trimmed('x00185101')],
    ['bodyPart', trimmed('x00180015')],
    ['sex', trimmed('x00100040')],
    ['age', trimmed('x00101010')],
    ['pixelSpacing', readSpacing(ds, 'x00280030')],
    ['imagerPixelSpacing', readSpacing(ds, 'x00181164')],
    ['sopClassUid', trimmed('x00080016') ?? trimmed('x00020002')],
    ['patientKey', key],
  ];
  const defined = Object.fromEntries(entries.filter(([, v]) => v !== undefined));
  return { format: 'dicom', ...defined };
}
