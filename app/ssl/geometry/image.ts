import type { PixelBox } from './grid';

/** Host image, HWC, float pixels. */
export interface Plane {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly data: Float32Array;
}

export function cropPlane(img: Plane, box: PixelBox): Plane {
  const { rowStart, rowEnd, colStart, colEnd } = box;
  if (rowStart < 0 || colStart < 0 || rowEnd > img.height || colEnd > img.width || rowEnd <= rowStart || colEnd <= colStart) {
    throw new RangeError(`crop box ${JSON.stringify(box)} outside ${img.height}×${img.width}`);
  }
  const height = rowEnd - rowStart;
  const width = colEnd - colStart;
  const rowLen = width * img.channels;
  const data = new Float32Array(height * rowLen);
  for (let r = 0; r < height; r++) {
    const src = ((rowStart + r) * img.width + colStart) * img.channels;
    data.set(img.data.subarray(src, src + rowLen), r * rowLen);
  }
  return { height, width, channels: img.channels, data };
}

/**
 * Downscale by exactly 1/2. OpenCV's bilinear resize samples source (2x + 0.5) at this ratio, i.e. the
 * mean of each 2×2 block, which is what ACE applies to the large crop.
 */
export function halvePlane(img: Plane): Plane {
  if (img.height % 2 !== 0 || img.width % 2 !== 0) throw new RangeError('halvePlane needs even sides');
  const height = img.height / 2;
  const width = img.width / 2;
  const ch = img.channels;
  const data = new Float32Array(height * width * ch);
  const src = img.data;
  const row = img.width * ch;
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const top = 2 * r * row + 2 * c * ch;
      for (let k = 0; k < ch; k++) {
        const s = (src[top + k] as number) + (src[top + ch + k] as number) + (src[top + row + k] as number) + (src[top + row + ch + k] as number);
        data[(r * width + c) * ch + k] = s / 4;
      }
    }
  }
  return { height, width, channels: ch, data };
}
