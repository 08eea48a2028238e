import type { Plane } from '../geometry/image';
import type { Rng } from '../rng';

/** Sub-pixel source window in pixels (top-left corner and size), resampled to an output size. */
export interface Window {
  readonly top: number;
  readonly left: number;
  readonly height: number;
  readonly width: number;
}

/**
 * Bilinear resampling of a window of `img` to outH×outW, pixel centres aligned (align_corners = False), taps
 * clamped at the border. Stands in for the bicubic / area resizes of the reference pipelines: the jitter it
 * serves is random anyway, and a resize of the whole image happens once at load time in sharp.
 */
export function resampleWindow(img: Plane, win: Window, outH: number, outW: number): Plane {
  const ch = img.channels;
  const src = img.data;
  const data = new Float32Array(outH * outW * ch);
  const sy = win.height / outH;
  const sx = win.width / outW;
  const clamp = (v: number, hi: number): number => Math.min(Math.max(v, 0), hi);
  // Column taps are the same for every row: computed once (this loop runs per training image).
  const x0s = new Int32Array(outW);
  const x1s = new Int32Array(outW);
  const wxs = new Float64Array(outW);
  for (let x = 0; x < outW; x++) {
    const fx = clamp(win.left + (x + 0.5) * sx - 0.5, img.width - 1);
    const x0 = Math.floor(fx);
    x0s[x] = x0 * ch;
    x1s[x] = Math.min(x0 + 1, img.width - 1) * ch;
    wxs[x] = fx - x0;
  }
  const rowStride = img.width * ch;
  for (let y = 0; y < outH; y++) {
    const fy = clamp(win.top + (y + 0.5) * sy - 0.5, img.height - 1);
    const y0 = Math.floor(fy);
    const r0 = y0 * rowStride;
    const r1 = Math.min(y0 + 1, img.height - 1) * rowStride;
    const wy = fy - y0;
    for (let x = 0; x < outW; x++) {
      const c0 = x0s[x] as number;
      const c1 = x1s[x] as number;
      const wx = wxs[x] as number;
      for (let k = 0; k < ch; k++) {
        const top = (src[r0 + c0 + k] as number) * (1 - wx) + (src[r0 + c1 + k] as number) * wx;
        const bottom = (src[r1 + c0 + k] as number) * (1 - wx) + (src[r1 + c1 + k] as number) * wx;
        data[(y * outW + x) * ch + k] = top * (1 - wy) + bottom * wy;
      }
    }
  }
  return { height: outH, width: outW, channels: ch, data };
}

/** Centre square crop resized to side×side (keep-ratio "cover", as the sources load images). */
export function coverSquare(img: Plane, side: number): Plane {
  if (img.height === side && img.width === side) return img;
  const s = Math.min(img.height, img.width);
  return resampleWindow(img, { top: (img.height - s) / 2, left: (img.width - s) / 2, height: s, width: s }, side, side);
}

/**
 * torchvision RandomResizedCrop to the input's own size (ACE's global jitter, spec §1.1.2: scale 0.85–1,
 * ratio 3/4–4/3, one crop shared by both views): area fraction uniform, log-ratio uniform, 10 tries, then the
 * whole image as the fallback.
 */
export function randomResizedCrop(img: Plane, rng: Rng, scale: readonly [number, number] = [0.85, 1], ratio: readonly [number, number] = [3 / 4, 4 / 3]): Plane {
  const area = img.height * img.width;
  for (let attempt = 0; attempt < 10; attempt++) {
    const target = area * (scale[0] + rng.float() * (scale[1] - scale[0]));
    const logR = Math.log(ratio[0]) + rng.float() * (Math.log(ratio[1]) - Math.log(ratio[0]));
    const w = Math.round(Math.sqrt(target * Math.exp(logR)));
    const h = Math.round(Math.sqrt(target / Math.exp(logR)));
    if (w > 0 && h > 0 && w <= img.width && h <= img.height) {
      const top = rng.int(0, img.height - h);
      const left = rng.int(0, img.width - w);
      return resampleWindow(img, { top, left, height: h, width: w }, img.height, img.width);
    }
  }
  return img;
}
