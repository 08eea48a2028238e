import { MEDIA_SCHEME, mediaPath, type MediaKind } from '../../../app/api/media';
import { findBridge } from './bridgeTransport';

export { PIXEL_HEADERS, type MediaKind } from '../../../app/api/media';

/**
 * Where the renderer loads thumbnails and pixels from: Electron serves them on the `cxr-media:` scheme, the web host
 * at the relative `/media/...` path of the page's own origin (authenticated by the page's cookie).
 */
export function mediaUrl(kind: MediaKind, imageId: number, scope: unknown = globalThis): string {
  const path = mediaPath(kind, imageId);
  return findBridge(scope) ? `${MEDIA_SCHEME}://media${path.slice('/media'.length)}` : path;
}
