/**
 * The phantom generator: seed → patient → attenuation → detector → pixels + landmarks.
 * Pure and deterministic: the same options always give identical bytes.
 */
import { exposeAndStore, gaussianBlur, percentileWindow, resampleToImage, windowTo8 } from './detector';
import { CHEST_LANDMARKS, canonicalLandmarks } from './landmarks';
import type { Patient } from './patient';
import { canonicalToImage, frameGrid, placement } from './placement';
import { subSeed } from './prng';
import { rasteriseAttenuation } from './rasterise';
import { samplePatient } from './sample-patient';
import { stampVessels, vesselSegments } from './vessels';

export interface PhantomOptions {
  seed: number;
  /** Square size in pixels (default 512); `width`/`height` override it. */
  size?: number;
  width?: number;
  height?: number;
  /** Bits of the stored 16-bit values (default 12: values 0..4095, like most CR/DR detectors). */
  bitsStored?: number;
  /** Use this patient instead of sampling one from the seed (the seed still drives the noise). */
  patient?: Patient;
  /** Quantum noise on (default) or off — off gives the noise-free expected image. */
  noise?: boolean;
}

export interface PhantomLandmark {
  name: string;
  /** Pixel coordinates: x = column, y = row, of pixel centres (sub-pixel, exact by construction). */
  x: number;
  y: number;
}

export interface Phantom {
  seed: number;
  width: number;
  height: number;
  bitsStored: number;
  /** Log-domain stored values, bright = dense (MONOCHROME2), 0..2^bitsStored − 1. */
  pixels16: Uint16Array;
  /** Display rendering through `window`. */
  pixels8: Uint8Array;
  window: { low: number; high: number };
  /** The 14 default chest landmarks in CHEST_LANDMARKS order. */
  landmarks: PhantomLandmark[];
  patient: Patient;
}

export function generatePhantom(options: PhantomOptions): Phantom {
  const seed = options.seed >>> 0;
  const width = options.width ?? options.size ?? 512;
  const height = options.height ?? options.size ?? 512;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width >= 32 && height >= 32 && width <= 8192 && height <= 8192)) {
    throw new RangeError(`phantom size must be integers in 32..8192, got ${width}×${height}`);
  }
  const bitsStored = options.bitsStored ?? 12;
  if (!(Number.isInteger(bitsStored) && bitsStored >= 10 && bitsStored <= 16)) {
    throw new RangeError(`bitsStored must be an integer in 10..16, got ${bitsStored}`);
  }
  const patient = options.patient ?? samplePatient(seed);
  const pl = placement(patient.pose, width, height);
  const grid = frameGrid(pl);

  const frame = rasteriseAttenuation(patient, pl, grid);
  stampVessels(frame.data, pl, grid, vesselSegments(patient));
  const att = resampleToImage(frame.data, grid, pl);
  gaussianBlur(att, width, height, patient.exposure.blur * (pl.ref / 512));

  const maxValue = 2 ** bitsStored - 1;
  // The exposure's offset and gain are defined for 12 bits; scale them to the chosen depth.
  const scale = (maxValue + 1) / 4096;
  const pixels16 = exposeAndStore(att, {
    mu: patient.exposure.mu,
    photons: options.noise === false ? Infinity : patient.exposure.photons,
    offset: patient.exposure.offset * scale,
    gain: patient.exposure.gain * scale,
    maxValue,
    noiseSeed: subSeed(seed, 3),
  });
  const window = percentileWindow(pixels16, maxValue, 0.002, 0.998);
  const pixels8 = windowTo8(pixels16, maxValue, window.low, window.high);

  const canon = canonicalLandmarks(patient);
  if (!canon) throw new Error('phantom: patient has no valid landmarks');
  const byName = new Map(canon.map((l) => [l.name, l]));
  const landmarks = CHEST_LANDMARKS.map(({ id }) => {
    const c = byName.get(id);
    if (!c) throw new Error(`phantom: landmark ${id} missing`);
    const { x, y } = canonicalToImage(pl, c.u, c.v);
    return { name: id, x, y };
  });
  return { seed, width, height, bitsStored, pixels16, pixels8, window, landmarks, patient };
}
