import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../util/atomic-file';
import { resolveLayer } from './settings';
import type { FeatureExtractor, FeatureSettings } from './types';

/**
 * On-disk cache of an extractor's raw token features (before log-binning and normalisation, which are cheap to
 * redo and would make the files 17× larger), one file per image:
 *   <cacheDir>/<hash(extractor id + settings that change the raw features)>/<image key>.bin
 * File: "CXRFEAT1", u32-LE header length, JSON header {rows, cols, dim, extractor, settings} padded with spaces
 * to 4 bytes, then rows·cols·dim little-endian float32. Written atomically, so a file is whole or absent.
 */
const MAGIC = Buffer.from('CXRFEAT1', 'ascii');

export interface CachedFeatures {
  readonly rows: number;
  readonly cols: number;
  readonly dim: number;
  readonly data: Float32Array;
}

/** The settings that change raw features: log-binning is applied afterwards, baselines ignore layer and facet. */
function rawSettings(extractor: FeatureExtractor, s: FeatureSettings): Record<string, unknown> {
  const model = extractor.depth > 0 ? { layer: resolveLayer(s.layer, extractor.depth), facet: s.facet } : {};
  return { ...model, inputSize: s.inputSize, stride: s.stride };
}

export function cacheFolder(cacheDir: string, extractor: FeatureExtractor, settings: FeatureSettings): string {
  const hash = createHash('sha256').update(JSON.stringify({ extractor: extractor.id, settings: rawSettings(extractor, settings) })).digest('hex');
  return path.join(cacheDir, hash.slice(0, 24));
}

const fileOf = (folder: string, key: string): string => {
  if (!/^[\w.-]+$/.test(key)) throw new Error(`image key "${key}" is not usable as a file name`);
  return path.join(folder, `${key}.bin`);
};

export async function writeCachedFeatures(folder: string, key: string, extractor: FeatureExtractor, settings: FeatureSettings, features: CachedFeatures): Promise<void> {
  const json = JSON.stringify({ rows: features.rows, cols: features.cols, dim: features.dim, extractor: extractor.id, settings: rawSettings(extractor, settings) });
  const header = Buffer.alloc(Math.ceil(Buffer.byteLength(json) / 4) * 4, 0x20);
  header.write(json, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  const { data } = features;
  await writeFileAtomic(fileOf(folder, key), Buffer.concat([MAGIC, length, header, Buffer.from(data.buffer, data.byteOffset, data.byteLength)]));
}

/**
 * The cached features of `key`, or null when there are none or the file does not hold the expected grid (then
 * the caller recomputes and overwrites it).
 */
export async function readCachedFeatures(folder: string, key: string, expected: { rows: number; cols: number }): Promise<CachedFeatures | null> {
  const bytes = await fs.readFile(fileOf(folder, key)).catch(() => null);
  if (!bytes || bytes.length < 12 || !bytes.subarray(0, 8).equals(MAGIC)) return null;
  const headerLength = bytes.readUInt32LE(8);
  let header: { rows?: unknown; cols?: unknown; dim?: unknown };
  try {
    header = JSON.parse(bytes.subarray(12, 12 + headerLength).toString('utf8')) as typeof header;
  } catch {
    return null;
  }
  const { rows, cols, dim } = header;
  if (rows !== expected.rows || cols !== expected.cols || typeof dim !== 'number' || !Number.isInteger(dim) || dim < 1) return null;
  const start = 12 + headerLength;
  if (bytes.length - start !== rows * cols * dim * 4) return null;
  // Copied out: the file buffer's offset need not be 4-aligned.
  const data = new Float32Array(rows * cols * dim);
  new Uint8Array(data.buffer).set(bytes.subarray(start));
  return { rows, cols, dim, data };
}
