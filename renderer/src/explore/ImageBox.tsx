import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import { mediaUrl } from '../api/media';
import { useElementSize } from '../data/browse/useElementSize';
import { useDisplay } from '../data/viewer/useDisplay';
import { useImageCanvas } from '../data/viewer/useImageCanvas';
import { useImageDataById } from '../data/viewer/useImageData';
import { fitViewport, type Size } from '../data/viewer/viewport';
import type { CachedPixels } from '../data/viewer/pixels';
import type { Window } from '../data/viewer/windowLevel';
import { boxToImage } from './model/frame';
import type { XY } from './model/scatter';
import type { ExploreImage } from './scope';

interface ImageBoxProps {
  readonly image: ExploreImage;
  /** The group's accessible name, e.g. "Query image phantom-00000.png". */
  readonly label: string;
  /** Working-resolution pixels (sharp, for points and heat maps) or the thumbnail (light, for many images). */
  readonly quality: 'pixels' | 'thumbnail';
  readonly voiApplied: boolean;
  /** Drawn over the image; `box` is its size on screen (the image fills the box). */
  readonly overlay?: (box: Size) => ReactNode;
  /** A click on the image, in the original frame. Makes the box focusable. */
  readonly onPick?: (p: XY) => void;
  readonly onKeyDown?: (e: KeyboardEvent<HTMLDivElement>) => void;
  readonly className?: string;
  readonly title?: string;
}

/**
 * One image at the size of its container's width, keeping the original aspect, with overlays on top. The thumbnail
 * shows at once; with `pixels`, the working copy replaces it when it has loaded.
 */
export function ImageBox({ image, label, quality, voiApplied, overlay, onPick, onKeyDown, className, title }: ImageBoxProps) {
  const ref = useRef<HTMLDivElement>(null);
  const box = useElementSize(ref);
  return (
    <div
      ref={ref}
      className={`explore-image${onPick ? ' pickable' : ''}${className ? ` ${className}` : ''}`}
      style={{ aspectRatio: `${image.size.width} / ${image.size.height}` }}
      role="group"
      aria-label={label}
      title={title}
      tabIndex={onPick || onKeyDown ? 0 : undefined}
      data-image-id={image.id}
      onKeyDown={onKeyDown}
      onClick={
        onPick &&
        ((e) => {
          const rect = e.currentTarget.getBoundingClientRect();
          if (rect.width <= 0 || rect.height <= 0) return;
          onPick(boxToImage({ x: e.clientX - rect.left, y: e.clientY - rect.top }, image.size, rect));
        })
      }
    >
      <img className="explore-image-layer" src={mediaUrl('thumbnail', image.id)} alt="" draggable={false} decoding="async" />
      {quality === 'pixels' && box.width > 0 && <PixelsLayer imageId={image.id} box={box} voiApplied={voiApplied} />}
      {box.width > 0 && overlay?.(box)}
    </div>
  );
}

function PixelsLayer({ imageId, box, voiApplied }: { imageId: number; box: Size; voiApplied: boolean }) {
  const { pixels, detail, id } = useImageDataById(imageId);
  const own = id === imageId ? pixels : undefined;
  const display = useDisplay(own, detail?.metadata, voiApplied);
  return own && display.window ? <PaintedPixels pixels={own} window={display.window} box={box} /> : null;
}

function PaintedPixels({ pixels, window, box }: { pixels: CachedPixels; window: Window; box: Size }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useImageCanvas(canvasRef, { pixels, window, invert: false, view: fitViewport(pixels, box), size: box });
  return <canvas ref={canvasRef} className="explore-image-layer" aria-hidden="true" style={{ width: box.width, height: box.height }} />;
}
