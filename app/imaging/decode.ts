import fs from 'node:fs/promises';
import { decodeDicom, DEFAULT_MAX_SAMPLES } from './dicom/decode-dicom';
import { DecodeError, DecodeFailure } from './errors';
import { decodeRaster } from './raster/decode-raster';
import { sniffFormat } from './sniff';
import type { DecodeOptions, DecodeResult } from './types';

const DEFAULT_MAX_FILE_BYTES = 2 ** 31 - 1;

/**
 * The one entry point: any supported file → DecodedImage or NoImage. Every failure becomes a DecodeError naming the
 * file and the problem; unexpected exceptions from libraries are wrapped too, so one bad file never stops an import.
 */
export async function decodeImageFile(file: string, options: DecodeOptions = {}): Promise<DecodeResult> {
  let bytes: Buffer;
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) throw new DecodeError(file, 'not a regular file');
    const limit = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    if (stat.size > limit) throw new DecodeError(file, `file is ${stat.size} bytes, above the ${limit}-byte limit`);
    if (stat.size === 0) throw new DecodeError(file, 'file is empty');
    bytes = await fs.readFile(file);
  } catch (err) {
    if (err instanceof DecodeError) throw err;
    throw new DecodeError(file, `cannot read file: ${(err as Error).message}`);
  }
  return decodeImageBytes(bytes, file, options);
}

/** Same as decodeImageFile for bytes already in memory; `label` names the source in errors. */
export async function decodeImageBytes(bytes: Uint8Array, label: string, options: DecodeOptions = {}): Promise<DecodeResult> {
  const kind = sniffFormat(bytes.subarray(0, 136));
  try {
    switch (kind) {
      case 'dicom':
        return await decodeDicom(bytes, options);
      case 'png':
      case 'jpeg':
      case 'tiff':
        return await decodeRaster(bytes, kind, options.maxSamples ?? DEFAULT_MAX_SAMPLES);
      case 'unknown':
        throw new DecodeFailure('unrecognised format: not DICOM (no "DICM" prefix, no dataset at byte 0), PNG, JPEG or TIFF');
    }
  } catch (err) {
    if (err instanceof DecodeFailure) throw new DecodeError(label, err.reason);
    if (err instanceof DecodeError) throw err;
    // A library bug or an unforeseen input: still a per-file error with the library's words, never a crash.
    throw new DecodeError(label, `decoder failed unexpectedly: ${err instanceof Error ? err.message : String(err)}`);
  }
}
