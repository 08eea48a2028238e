import { ApiError } from '../../api/errors';
import type { RunPreview, SimilarityMap } from '../../api/schemas/runs';
import type { Db } from '../../store/database';
import { getRun, runCheckpointDir } from '../store';
import { dataUrl, encodePng, rgbPng } from './png';
import { type ProbePreview, readPreview } from './preview-file';
import { runImages } from './run-images';
import { similarityTo, tokenAt } from './similarity';

function latest(db: Db, runId: number): ProbePreview | null {
  try {
    return readPreview(runCheckpointDir(db, runId));
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError('internal', `Run ${runId}: the preview file is unreadable (${(err as Error).message}); the next checkpoint replaces it.`);
  }
}

/** The run's latest probe preview with its images as PNG data URLs, or null before its first checkpoint. */
export async function runPreview(db: Db, dataDir: string, runId: number): Promise<RunPreview | null> {
  const p = latest(db, runId);
  if (!p) return null;
  const probeImage = runImages(db, dataDir, getRun(db, runId).datasetIds).find((img) => img.file === p.probeFile);
  const [probe, pca] = await Promise.all([encodePng(p.probe, p.inputSize, p.inputSize, 1), rgbPng(p.rgb, p.cols, p.rows)]);
  return {
    runId,
    step: p.step,
    weights: p.weights,
    probeImageId: probeImage?.id ?? null,
    rows: p.rows,
    cols: p.cols,
    dim: p.dim,
    inputSize: p.inputSize,
    probe: dataUrl(probe),
    pca: dataUrl(pca),
    explained: [...p.explained],
    ms: p.ms,
    createdAt: p.createdAt,
  };
}

/** Similarity of every probe token to the one under (x, y), fractions of the probe image's width and height. */
export function previewSimilarity(db: Db, runId: number, x: number, y: number): SimilarityMap {
  const p = latest(db, runId);
  if (!p) throw new ApiError('conflict', `Run ${runId} has no preview yet: it is made at the first checkpoint.`);
  const { row, col } = tokenAt(p, x, y);
  return { step: p.step, rows: p.rows, cols: p.cols, row, col, values: Array.from(similarityTo(p, row, col)) };
}
