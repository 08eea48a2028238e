import path from 'node:path';
import type { Db } from '../../store/database';

export interface RunImage {
  readonly id: number;
  /** Absolute path of the cached working-resolution PNG. */
  readonly file: string;
  readonly contentHash: string;
}

/** A run's training images in the trainer's fixed order (image id): the trainer's files; index 0 is the preview's probe image. */
export function runImages(db: Db, dataDir: string, datasetIds: readonly number[]): RunImage[] {
  if (datasetIds.length === 0) return [];
  const rows = db
    .prepare(
      `SELECT id, cache_path, content_hash FROM images WHERE dataset_id IN (${datasetIds.map(() => '?').join(',')}) AND status = 'ok' AND cache_path IS NOT NULL ORDER BY id`,
    )
    .all(...datasetIds) as { id: number; cache_path: string; content_hash: string }[];
  return rows.map((r) => ({ id: r.id, file: path.join(dataDir, r.cache_path), contentHash: r.content_hash }));
}
