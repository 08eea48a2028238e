import { memo, useState } from 'react';
import type { ImageSummary } from '../../../../app/api/contract';
import { mediaUrl } from '../../api/media';
import { STATUS_LABELS } from './filters';

/** What a tile says about its image on hover and to screen readers. */
export function tileDescription(image: ImageSummary): string {
  const parts = [image.fileName];
  if (image.status !== 'ok') parts.push(STATUS_LABELS[image.status]);
  if (image.status === 'duplicate' && image.duplicateOf !== null) parts.push(`same content as image ${image.duplicateOf}`);
  if (image.error) parts.push(image.error);
  if (image.width && image.height) parts.push(`${image.width}×${image.height}`);
  return parts.join(' — ');
}

function placeholderText(image: ImageSummary, broken: boolean): string {
  if (image.status === 'error') return image.error ?? 'Failed';
  if (image.status === 'no_image') return image.error ?? 'No pixel data';
  return broken ? 'Thumbnail missing (rebuild the cache by importing again)' : 'No thumbnail';
}

interface ImageTileProps {
  readonly image: ImageSummary;
  readonly index: number;
  readonly total: number;
  readonly current: boolean;
  /** The one tile in the tab order; arrow keys move from it. */
  readonly tabbable: boolean;
  onOpen(index: number): void;
}

/** One thumbnail; failed, duplicate and no-image files carry a badge, and failed ones show their reason. */
export const ImageTile = memo(function ImageTile({ image, index, total, current, tabbable, onOpen }: ImageTileProps) {
  const description = tileDescription(image);
  const [broken, setBroken] = useState(false);
  return (
    <div role="listitem" aria-posinset={index + 1} aria-setsize={total} className="tile-cell">
      <button
        type="button"
        className={`tile status-${image.status}${current ? ' current' : ''}`}
        title={description}
        aria-label={description}
        data-index={index}
        tabIndex={tabbable ? 0 : -1}
        data-status={image.status}
        onClick={() => onOpen(index)}
      >
        <span className="tile-image">
          {image.hasThumbnail && !broken ? (
            <img src={mediaUrl('thumbnail', image.id)} alt="" loading="lazy" decoding="async" draggable={false} onError={() => setBroken(true)} />
          ) : (
            <span className="tile-placeholder">{placeholderText(image, broken)}</span>
          )}
          {image.status !== 'ok' && <span className={`tile-badge badge-${image.status}`}>{STATUS_LABELS[image.status]}</span>}
        </span>
        <span className="tile-name">{image.fileName}</span>
      </button>
    </div>
  );
});

export function TileSkeleton({ index, total }: { index: number; total: number }) {
  return (
    <div role="listitem" aria-posinset={index + 1} aria-setsize={total} aria-busy="true" className="tile-cell">
      <span className="tile skeleton">
        <span className="tile-image" />
        <span className="tile-name">&nbsp;</span>
      </span>
    </div>
  );
}
