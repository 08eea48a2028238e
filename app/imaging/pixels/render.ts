import type { DecodedImage, StoredArray, Voi } from '../types';
import { modalityExtent, modalityFunction } from './modality';
import { isTabulable, storedRange } from './stored';
import { voiFunction } from './voi';

export interface DisplayOptions {
  /** Index into `image.frames` (default 0). */
  readonly frame?: number;
  /** A VOI of the file by index into `image.vois`, or an explicit one (viewer presets, user drag). Default: the file's first, else the frame's full range. */
  readonly voi?: number | Voi;
  /** 8 (default) or 16-bit output. */
  readonly outputBits?: 8 | 16;
  /** Override the presentation inversion (the viewer's "invert" toggle flips `image.invert`). */
  readonly invert?: boolean;
}

/**
 * Stored values → display values, applying Modality LUT → VOI → presentation in DICOM order.
 * When every stored value can be tabulated (Bits Stored ≤ 16) the whole chain is folded into one table, so a
 * 2k × 2k frame costs one indexed load per pixel; otherwise the chain runs per pixel with no allocation.
 */
export function renderDisplay(image: DecodedImage, options: DisplayOptions = {}): Uint8Array | Uint16Array {
  const frameIndex = options.frame ?? 0;
  const stored = image.frames[frameIndex];
  if (!stored) throw new RangeError(`frame ${frameIndex} was not decoded (have ${image.frames.length})`);
  const yMax = (options.outputBits ?? 8) === 16 ? 65535 : 255;
  const out = yMax === 255 ? new Uint8Array(stored.length) : new Uint16Array(stored.length);
  const voi = resolveVoi(image, stored, options.voi);
  const chain = displayChain(image, voi, yMax, options.invert ?? image.invert);
  const n = stored.length;
  if (isTabulable(image.pixel)) {
    const { min, max } = storedRange(image.pixel);
    const table = yMax === 255 ? new Uint8Array(max - min + 1) : new Uint16Array(max - min + 1);
    for (let v = min; v <= max; v++) table[v - min] = chain(v);
    for (let i = 0; i < n; i++) out[i] = table[stored[i]! - min]!;
  } else {
    for (let i = 0; i < n; i++) out[i] = chain(stored[i]!);
  }
  return out;
}

/** One stored value → one rounded display value. */
function displayChain(image: DecodedImage, voi: Voi, yMax: number, invert: boolean): (x: number) => number {
  const modality = modalityFunction(image.modalityLut);
  const window = voiFunction(voi, yMax);
  return (x) => {
    const y = Math.round(window(modality(x)));
    const clamped = y < 0 ? 0 : y > yMax ? yMax : y;
    return invert ? yMax - clamped : clamped;
  };
}

/** The VOI to use: explicit, the file's n-th, the file's first, or a LINEAR_EXACT window over the frame's actual range. */
export function resolveVoi(image: DecodedImage, stored: StoredArray, choice: number | Voi | undefined): Voi {
  if (typeof choice === 'object') return choice;
  const fromFile = image.vois[choice ?? 0];
  if (fromFile) return fromFile;
  if (typeof choice === 'number' && image.vois.length > 0) {
    throw new RangeError(`VOI ${choice} does not exist (the file has ${image.vois.length})`);
  }
  const { min, max } = modalityExtent(stored, image.modalityLut);
  return { kind: 'window', center: (min + max) / 2, width: Math.max(max - min, 1), function: 'LINEAR_EXACT', explanation: 'full range' };
}
