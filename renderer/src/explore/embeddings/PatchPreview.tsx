import { useEffect, useRef } from 'react';
import { mediaUrl } from '../../api/media';
import { patchInCopy, type Patch } from '../model/frame';
import type { ExploreImage } from '../scope';

const SIDE = 112;

/** The patch around a landmark, cut from the image's thumbnail (mirrored when the embedding used the flipped patch). */
export function PatchPreview({ image, patch, flipped }: { image: ExploreImage; patch: Patch; flipped: boolean }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const thumb = new Image();
    let live = true;
    thumb.onload = () => {
      const canvas = ref.current;
      if (!live || !canvas) return;
      const ctx = canvas.getContext('2d')!;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.fillStyle = '#000';
      ctx.fillRect(0, 0, SIDE, SIDE);
      const src = patchInCopy(patch, image.size, { width: thumb.naturalWidth, height: thumb.naturalHeight });
      if (!src) return;
      // The crop keeps its place inside the patch square when the patch runs off the image.
      const k = SIDE / ((patch.size * thumb.naturalWidth) / image.size.width);
      const dx = (src.sx - (patch.x - patch.size / 2) * (thumb.naturalWidth / image.size.width)) * k;
      const dy = (src.sy - (patch.y - patch.size / 2) * (thumb.naturalHeight / image.size.height)) * k;
      if (flipped) ctx.setTransform(-1, 0, 0, 1, SIDE, 0);
      ctx.drawImage(thumb, src.sx, src.sy, src.sw, src.sh, dx, dy, src.sw * k, src.sh * k);
    };
    thumb.src = mediaUrl('thumbnail', image.id);
    return () => {
      live = false;
    };
  }, [image.id, image.size, patch, flipped]);
  return <canvas ref={ref} className="patch-preview" width={SIDE} height={SIDE} aria-hidden="true" />;
}
