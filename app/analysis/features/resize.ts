import sharp from 'sharp';
import type { Plane } from '../../ssl/geometry/image';

/**
 * A grey 0–255 plane stretched to side×side with sharp's lanczos3, the kernel the training source resizes with
 * (a 2-tap bilinear would alias at the 2–4× reductions from the cache to the network input). Samples pass
 * through 16 bits (v·257), a quantisation of 1/257 grey level: sharp's float path only resizes correctly as
 * 'grey16' anyway.
 */
export async function resizePlane(img: Plane, side: number): Promise<Plane> {
  if (img.channels !== 1) throw new Error(`resize: expected a grey plane, got ${img.channels} channels`);
  if (img.height === side && img.width === side) return img;
  // Plain loops: TypedArray.from with a map function is ~20× slower on a megapixel.
  const samples = new Uint16Array(img.data.length);
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(Math.min(Math.max(img.data[i]!, 0), 255) * 257);
  const { data, info } = await sharp(samples, { raw: { width: img.width, height: img.height, channels: 1 } })
    .resize(side, side, { fit: 'fill', kernel: 'lanczos3' })
    .toColourspace('grey16')
    .raw({ depth: 'ushort' })
    .toBuffer({ resolveWithObject: true });
  const resized = new Uint16Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.length));
  const out = new Float32Array(resized.length);
  for (let i = 0; i < out.length; i++) out[i] = resized[i]! / 257;
  return { height: info.height, width: info.width, channels: 1, data: out };
}
