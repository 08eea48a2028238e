import { z } from 'zod';

/**
 * Bulk pixels do not travel through the JSON API: the renderer loads them by URL, which the browser caches and
 * streams. The web host serves `/media/<kind>/<id>`, Electron the same path under the `cxr-media:` scheme.
 */
export const MediaKind = z.enum(['thumbnail', 'pixels']);
export type MediaKind = z.infer<typeof MediaKind>;

export const MEDIA_SCHEME = 'cxr-media';

export function mediaPath(kind: MediaKind, imageId: number): string {
  return `/media/${kind}/${imageId}`;
}

/** Parses `/media/<kind>/<id>`; null for anything else. */
export function parseMediaPath(pathname: string): { kind: MediaKind; imageId: number } | null {
  const match = /^\/media\/([a-z]+)\/(\d{1,15})$/.exec(pathname);
  if (!match) return null;
  const kind = MediaKind.safeParse(match[1]);
  const imageId = Number(match[2]);
  return kind.success && imageId > 0 ? { kind: kind.data, imageId } : null;
}

/**
 * `pixels` responses carry the cached working-resolution image as raw little-endian samples, described by headers:
 * width, height, bits (8|16), and how cache values map back to modality values (lo, hi, inverted).
 */
export const PIXEL_HEADERS = {
  width: 'x-cxr-width',
  height: 'x-cxr-height',
  bits: 'x-cxr-bits',
  lo: 'x-cxr-modality-lo',
  hi: 'x-cxr-modality-hi',
  inverted: 'x-cxr-inverted',
} as const;
