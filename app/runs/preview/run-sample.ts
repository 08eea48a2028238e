import sharp from 'sharp';
import { ApiError } from '../../api/errors';
import type { PixelRect, RunSample } from '../../api/schemas/runs';
import type { PixelBox } from '../../ssl/geometry/grid';
import { createRng, deriveSeed } from '../../ssl/rng';
import { type TrainConfig, parseTrainConfig } from '../../ssl/train/config';
import type { Db } from '../../store/database';
import { getRun } from '../store';
import { runImages } from './run-images';
import { sampleGeometry, spreadPairs } from './sample-geometry';

/** Matched pairs drawn per sample: enough to see the correspondence, few enough to tell apart by colour. */
export const SAMPLE_PAIRS = 6;

/**
 * Maps the trainer's image (imageSide px) to the cached image it was loaded from: sources load the centre square
 * ("cover") and resize it to imageSide.
 */
export function toSourceRect(box: PixelBox, square: PixelRect, imageSide: number): PixelRect {
  const s = square.width / imageSide;
  return { x: square.x + box.colStart * s, y: square.y + box.rowStart * s, width: (box.colEnd - box.colStart) * s, height: (box.rowEnd - box.rowStart) * s };
}

export function centreSquare(width: number, height: number): PixelRect {
  const side = Math.min(width, height);
  return { x: (width - side) / 2, y: (height - side) / 2, width: side, height: side };
}

export function intersect(a: PixelRect, b: PixelRect): PixelRect | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : null;
}

/** One training sample of a run drawn with its method's geometry; `seed` picks another image and placement. */
export async function runSample(db: Db, dataDir: string, runId: number, seed: number): Promise<RunSample> {
  const run = getRun(db, runId);
  const config = parseTrainConfig(run.config as TrainConfig);
  const images = runImages(db, dataDir, run.datasetIds);
  if (images.length === 0) throw new ApiError('conflict', `Run ${runId} (“${run.name}”) has no imported images left to sample from.`);
  const rng = createRng(deriveSeed(run.seed, `sample-view:${seed}`));
  const image = images[rng.int(0, images.length - 1)]!;
  const meta = await sharp(image.file)
    .metadata()
    .catch((err: unknown) => {
      throw new ApiError('not_found', `The cached image ${image.id} of run ${runId} cannot be read (${image.file}): ${(err as Error).message}`);
    });
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  const geometry = sampleGeometry(config, rng);
  const square = centreSquare(width, height);
  const [a, b] = geometry.views.map((v) => ({ label: v.label, box: toSourceRect(v.box, square, geometry.imageSide), tokens: v.tokens, overlap: Array.from(v.overlap) }));
  return {
    runId,
    imageId: image.id,
    method: config.method,
    source: { width, height },
    square,
    imageSide: geometry.imageSide,
    views: [a!, b!],
    overlap: intersect(a!.box, b!.box),
    pairs: spreadPairs(geometry.pairs, SAMPLE_PAIRS, geometry.views[1].tokens),
    note: geometry.note,
  };
}
