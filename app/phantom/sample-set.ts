/**
 * A folder of phantom PNGs plus their ground-truth landmarks — the app's built-in
 * "Sample (synthetic)" dataset and a fixture for tests.
 *
 * Layout:
 *   dir/phantom-00000.png …            one PNG per image (8- or 16-bit gray)
 *   dir/landmarks.json                 { images: [{ file, width, height, landmarks: { name: [x, y] } }] }
 * landmarks.json is written last, so its presence means the set is complete. Every file is
 * written atomically. Image i uses seed imageSeed(seed, i), so a set can be regenerated
 * (or extended) exactly.
 */
import path from 'node:path';
import { generatePhantom, type Phantom } from './generate';
import { CHEST_LANDMARKS } from './landmarks';
import { mix32 } from './prng';
import { writeFileAtomic } from '../util/atomic-file';
import { encodePhantomPng, type PngBitDepth } from './write-png';

export interface SampleSetOptions {
  count: number;
  seed: number;
  /** Square image size in pixels (default 512). */
  size?: number;
  dir: string;
  /** PNG depth (default 8: the display rendering, like most public CXR PNG sets). */
  bitDepth?: PngBitDepth;
  /** Called after each image is written, and once with (0, total) at the start. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface SampleSetImage {
  file: string;
  width: number;
  height: number;
  /** Landmark id → [x, y] in pixels (x = column, y = row of pixel centres). */
  landmarks: Record<string, [number, number]>;
  seed: number;
  sex: string;
  age: number;
}

export interface SampleSetManifest {
  generator: string;
  seed: number;
  coordinates: string;
  landmarkNames: string[];
  images: SampleSetImage[];
}

export const LANDMARKS_FILE = 'landmarks.json';

/** Seed of image `index` in a set generated from `seed`. */
export function imageSeed(seed: number, index: number): number {
  return mix32((seed >>> 0) ^ mix32(index + 0x5bd1e995));
}

export function sampleFileName(index: number, count: number): string {
  return `phantom-${String(index).padStart(Math.max(5, String(count - 1).length), '0')}.png`;
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

function manifestEntry(ph: Phantom, file: string): SampleSetImage {
  const landmarks: Record<string, [number, number]> = {};
  for (const l of ph.landmarks) landmarks[l.name] = [l.x, l.y];
  return { file, width: ph.width, height: ph.height, landmarks, seed: ph.seed, sex: ph.patient.sex, age: ph.patient.age };
}

/**
 * Generate `count` phantoms into `dir`. Rejects with the signal's reason when aborted;
 * images already written stay (each is complete) but landmarks.json is not written.
 * Encoding (in sharp's threads) overlaps with generating the next image.
 */
export async function generateSampleSet(options: SampleSetOptions): Promise<SampleSetManifest> {
  const { count, seed, dir, signal, onProgress } = options;
  const size = options.size ?? 512;
  const bitDepth = options.bitDepth ?? 8;
  if (!(Number.isInteger(count) && count >= 0)) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  if (bitDepth !== 8 && bitDepth !== 16) throw new RangeError(`bitDepth must be 8 or 16, got ${String(bitDepth)}`);
  if (signal?.aborted) throw abortError(signal);
  const images: SampleSetImage[] = [];
  onProgress?.(0, count);
  let pending: Promise<void> | null = null;
  let written = 0;
  for (let i = 0; i < count; i++) {
    if (signal?.aborted) {
      await pending;
      throw abortError(signal);
    }
    const ph = generatePhantom({ seed: imageSeed(seed, i), size });
    const file = sampleFileName(i, count);
    images.push(manifestEntry(ph, file));
    const job = encodePhantomPng(ph, bitDepth)
      .then((png) => writeFileAtomic(path.join(dir, file), png))
      .then(() => {
        written++;
        onProgress?.(written, count);
      });
    // Mark as handled now; the error still surfaces when we await `job` below.
    job.catch(() => undefined);
    // At most one image encodes behind the generator, so memory stays flat.
    await pending;
    pending = job;
  }
  await pending;
  if (signal?.aborted) throw abortError(signal);
  const manifest: SampleSetManifest = {
    generator: 'CXR Anatomy Studio synthetic chest phantom v1',
    seed: seed >>> 0,
    coordinates: 'pixels; x = column, y = row of pixel centres; patient right on image left',
    landmarkNames: CHEST_LANDMARKS.map((l) => l.id),
    images,
  };
  await writeFileAtomic(path.join(dir, LANDMARKS_FILE), `${JSON.stringify(manifest, null, 1)}\n`);
  return manifest;
}
