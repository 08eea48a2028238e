import type { ReactNode } from 'react';
import { mediaUrl } from '../api/media';
import type { ExploreImage } from './scope';

interface ImageStripProps {
  /** The list's accessible name. */
  readonly label: string;
  readonly images: readonly ExploreImage[];
  /** The controls under each thumbnail (a radio, checkboxes), each labelled with the file name. */
  controls(image: ExploreImage): ReactNode;
  /** A class per tile that marks its role in the selection ("query", "key", "chosen"). */
  tileClass?(image: ExploreImage): string | undefined;
}

/** A scrolling strip of the dataset's thumbnails for choosing images; the choosing is done by the controls. */
export function ImageStrip({ label, images, controls, tileClass }: ImageStripProps) {
  return (
    <ul className="image-strip" aria-label={label}>
      {images.map((image) => {
        const extra = tileClass?.(image);
        return (
          <li key={image.id} className={extra ? `strip-tile ${extra}` : 'strip-tile'} title={`${image.fileName} — ${image.size.width}×${image.size.height}`}>
            <img src={mediaUrl('thumbnail', image.id)} alt="" loading="lazy" decoding="async" draggable={false} />
            <span className="strip-name">{image.fileName}</span>
            <span className="strip-controls">{controls(image)}</span>
          </li>
        );
      })}
    </ul>
  );
}
