import type { Plane } from '../geometry/image';
import { coverSquare } from './resample';

/**
 * Where training images come from: `size` images addressed by index, each returned as a grey plane with
 * 8-bit-range values (0..255, floats; 16-bit sources are scaled by 1/257) at the side the method asks for
 * (keep-ratio resize, centre crop). The loop decides the order, so a source needs no randomness.
 */
export interface ImageSource {
  readonly size: number;
  read(index: number, side: number): Promise<Plane>;
}

/** Images held in memory (tests, synthetic benches); resized on read when their side differs. */
export function memorySource(images: readonly Plane[]): ImageSource {
  return {
    size: images.length,
    read(index, side) {
      const img = images[index];
      if (!img) throw new RangeError(`image ${index} of ${images.length}`);
      return Promise.resolve(coverSquare(img, side));
    },
  };
}
