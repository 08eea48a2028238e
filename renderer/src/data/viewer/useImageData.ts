import { useEffect, useState } from 'react';
import type { ImageDetail, ImageSummary } from '../../../../app/api/contract';
import { useApi } from '../../api/ApiContext';
import { errorMessage } from '../../api/fieldErrors';
import { mediaUrl } from '../../api/media';
import { parsePixels, type CachedPixels } from './pixels';

export interface ImageData {
  /** The image the detail and pixels belong to (the previous one while the next is loading). */
  readonly id?: number;
  readonly detail: ImageDetail | undefined;
  readonly pixels: CachedPixels | undefined;
  /** Why there are no pixels to show (failed import, missing cache, network). */
  readonly pixelError: string | undefined;
  readonly detailError: string | undefined;
  readonly loadingPixels: boolean;
}

/** Whether the host has a cached working copy for the image. */
export function hasPixels(image: ImageSummary): boolean {
  return image.status === 'ok' || (image.status === 'duplicate' && image.hasThumbnail);
}

async function fetchPixels(id: number, signal: AbortSignal): Promise<CachedPixels> {
  const response = await fetch(mediaUrl('pixels', id), { signal, credentials: 'same-origin' });
  if (!response.ok) {
    let message = `The host answered ${response.status} for the pixels of image ${id}.`;
    try {
      const body = (await response.json()) as { error?: { message?: string } };
      if (body.error?.message) message = body.error.message;
    } catch {
      // Not JSON: keep the status message.
    }
    throw new Error(message);
  }
  return parsePixels(await response.arrayBuffer(), response.headers);
}

/** The detail record and the raw cached pixels of one image; both reload when the image changes. */
export function useImageData(image: ImageSummary | undefined): ImageData {
  return useImageDataById(image?.id, image ? hasPixels(image) : false, image?.error ?? undefined);
}

/**
 * The same by image id, for pages that know an image only by its id (the annotation queue): `withPixels` says whether
 * the host has a working copy, `noPixelsReason` what to show when it has none.
 */
export function useImageDataById(id: number | undefined, withPixels = true, noPixelsReason?: string): ImageData {
  const api = useApi();
  const [state, setState] = useState<ImageData>({
    detail: undefined,
    pixels: undefined,
    pixelError: undefined,
    detailError: undefined,
    loadingPixels: false,
  });

  useEffect(() => {
    if (id === undefined) return;
    const controller = new AbortController();
    const { signal } = controller;
    // The previous image stays on screen until this one's detail and pixels have both arrived, so stepping through
    // images neither flashes nor shows one image's pixels with another's window.
    setState((prev) => ({ ...prev, loadingPixels: true }));
    const detail = api.call('images.get', { id }, { signal });
    const pixels = withPixels ? fetchPixels(id, signal) : Promise.resolve(undefined);
    void Promise.allSettled([detail, pixels]).then(([d, p]) => {
      if (signal.aborted) return;
      setState({
        id,
        detail: d.status === 'fulfilled' ? d.value : undefined,
        detailError: d.status === 'rejected' ? errorMessage(d.reason) : undefined,
        pixels: p.status === 'fulfilled' ? p.value : undefined,
        pixelError: !withPixels ? (noPixelsReason ?? 'This file has no image to show.') : p.status === 'rejected' ? errorMessage(p.reason) : undefined,
        loadingPixels: false,
      });
    });
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- one load per image id
  }, [api, id, withPixels]);

  return state;
}
