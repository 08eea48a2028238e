import { useRef, type ReactNode } from 'react';
import type { PixelRect } from '../../../../app/api/schemas/runs';
import { mediaUrl } from '../../api/media';
import { useElementSize } from '../../data/browse/useElementSize';
import type { CachedPixels } from '../../data/viewer/pixels';
import { useImageCanvas } from '../../data/viewer/useImageCanvas';
import type { Size } from '../../data/viewer/viewport';
import type { Window } from '../../data/viewer/windowLevel';
import { cropViewport, viewBoxOf } from '../model/sampleDrawing';

/** Cached pixels through a display window, loaded once for every panel that shows a part of the image. */
export interface Picture {
  readonly pixels: CachedPixels;
  readonly window: Window;
}

interface CropImageProps {
  readonly imageId: number;
  /** Size of the cached image, whose pixels every rectangle is in. */
  readonly source: Size;
  readonly rect: PixelRect;
  readonly picture: Picture | undefined;
  readonly label: string;
  /** SVG content in the cached image's pixels, drawn over the crop. */
  readonly children?: ReactNode;
}

/**
 * A rectangle of a dataset image at its container's width: the thumbnail at once, the working-resolution pixels when
 * they have loaded, and an SVG overlay in image coordinates on top.
 */
export function CropImage({ imageId, source, rect, picture, label, children }: CropImageProps) {
  const ref = useRef<HTMLDivElement>(null);
  const size = useElementSize(ref);
  return (
    <div ref={ref} className="sees-image" style={{ aspectRatio: `${rect.width} / ${rect.height}` }} role="img" aria-label={label}>
      <svg className="sees-layer" viewBox={viewBoxOf(rect)} preserveAspectRatio="none" aria-hidden="true">
        <image href={mediaUrl('thumbnail', imageId)} x={0} y={0} width={source.width} height={source.height} preserveAspectRatio="none" />
      </svg>
      {picture && size.width > 0 && <CropCanvas picture={picture} rect={rect} size={size} />}
      <svg className="sees-layer" viewBox={viewBoxOf(rect)} preserveAspectRatio="none" aria-hidden="true">
        {children}
      </svg>
    </div>
  );
}

function CropCanvas({ picture, rect, size }: { picture: Picture; rect: PixelRect; size: Size }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useImageCanvas(canvasRef, { pixels: picture.pixels, window: picture.window, invert: false, view: cropViewport(rect, size.width), size });
  return <canvas ref={canvasRef} className="sees-layer" aria-hidden="true" />;
}
