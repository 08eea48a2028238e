import type { Plane } from '../../ssl/geometry/image';
import type { AnalysisImage } from '../features/types';
import { DEFAULT_COSEGMENT_SETTINGS } from './cosegment';
import { workingGrid } from './raster';

/**
 * The images co-segmentation follows edges on, at its working grid (≤ gridSize px): loaded one at a time and
 * shrunk at once, so 64 megapixel radiographs never sit in memory together.
 */
export async function cosegmentGuides(images: readonly AnalysisImage[], gridSize = DEFAULT_COSEGMENT_SETTINGS.gridSize): Promise<Plane[]> {
  const guides: Plane[] = [];
  for (const image of images) {
    const grid = workingGrid(await image.load(), gridSize);
    guides.push({ width: grid.width, height: grid.height, channels: 1, data: grid.data });
  }
  return guides;
}
