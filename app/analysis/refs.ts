import path from 'node:path';
import { ApiError } from '../api/errors';
import type { FeatureSource, FeatureSourceRef } from '../api/schemas/explore';
import { datasetTemplate } from '../annotations/queue';
import { readManifest } from '../ssl/checkpoint/checkpoint';
import { getRun, listRuns, runCheckpointDir } from '../runs/store';
import type { Db } from '../store/database';
import type { ExtractorSpec } from './features/extractors';

/**
 * The database side of Explore: turns ids into plain data (cache files, original frames, landmarks, checkpoint
 * folders) that the analysis worker can use without a database connection of its own.
 */
export interface ImageRef {
  readonly id: number;
  /** The cache file's name (content hash + cache variant): the feature cache key, as features/images.ts uses it. */
  readonly key: string;
  /** Absolute path of the working-resolution cache PNG. */
  readonly file: string;
  readonly width: number;
  readonly height: number;
}

export function imageRefs(db: Db, dataDir: string, ids: readonly number[]): ImageRef[] {
  const query = db.prepare('SELECT id, cache_path, cols, rows, status, source_path FROM images WHERE id = ?');
  return ids.map((id) => {
    const r = query.get(id) as { id: number; cache_path: string | null; cols: number | null; rows: number | null; status: string; source_path: string } | undefined;
    if (!r) throw new ApiError('not_found', `Image ${id} does not exist (it may have been deleted).`);
    if (r.status !== 'ok' || !r.cache_path || !r.cols || !r.rows) {
      throw new ApiError('invalid_input', `Image ${id} (${path.basename(r.source_path)}) has no usable pixels (status ${r.status}).`);
    }
    return { id, key: path.basename(r.cache_path, '.png'), file: path.resolve(dataDir, r.cache_path), width: r.cols, height: r.rows };
  });
}

/** Placed landmarks of one template in a dataset; with several annotators, the latest placement of each point wins. */
export interface AnnotatedImage {
  readonly imageId: number;
  readonly points: Readonly<Record<string, { readonly x: number; readonly y: number }>>;
}

export function annotatedImages(db: Db, datasetId: number, templateId: number): { names: Map<string, string>; images: AnnotatedImage[] } {
  const template = datasetTemplate(db, datasetId, templateId);
  const rows = db
    .prepare(
      `SELECT a.image_id AS imageId, a.landmark, a.x, a.y FROM landmark_annotations a JOIN images i ON i.id = a.image_id
       WHERE i.dataset_id = ? AND a.template_id = ? AND a.state = 'placed' AND i.status = 'ok'
       ORDER BY a.image_id, a.updated_at`,
    )
    .all(datasetId, templateId) as { imageId: number; landmark: string; x: number; y: number }[];
  const byImage = new Map<number, Record<string, { x: number; y: number }>>();
  for (const r of rows) {
    const points = byImage.get(r.imageId) ?? {};
    points[r.landmark] = { x: r.x, y: r.y };
    byImage.set(r.imageId, points);
  }
  return {
    names: new Map(template.points.map((p) => [p.id, p.name])),
    images: [...byImage].map(([imageId, points]) => ({ imageId, points })),
  };
}

export interface ResolvedSource {
  readonly spec: ExtractorSpec;
  readonly runId: number | null;
  readonly kind: 'checkpoint' | 'random' | 'pixels';
}

function checkpointOf(db: Db, runId: number): { dir: string; step: number } | string {
  const run = getRun(db, runId);
  const dir = runCheckpointDir(db, runId);
  const manifest = readManifest<{ step: number }>(dir);
  if (!manifest) return `Run ${run.id} (${run.name}) has no checkpoint yet.`;
  return { dir, step: manifest.progress.step };
}

export function resolveSource(db: Db, ref: FeatureSourceRef): ResolvedSource {
  if (ref.kind === 'pixels') return { spec: { kind: 'pixels' }, runId: null, kind: 'pixels' };
  if (ref.kind === 'random') {
    if (ref.likeRunId === undefined) return { spec: { kind: 'random' }, runId: null, kind: 'random' };
    const like = checkpointOf(db, ref.likeRunId);
    if (typeof like === 'string') throw new ApiError('invalid_input', like);
    return { spec: { kind: 'random', like: like.dir }, runId: null, kind: 'random' };
  }
  const ck = checkpointOf(db, ref.runId);
  if (typeof ck === 'string') throw new ApiError('invalid_input', ck);
  return { spec: { kind: 'checkpoint', path: ck.dir, ...(ref.weights ? { weights: ref.weights } : {}) }, runId: ref.runId, kind: 'checkpoint' };
}

/**
 * Sources of a project: each run's latest checkpoint as teacher (DINO's convention: what Explore opens first) and
 * as student (early in a run the EMA teacher has barely left its initialisation), then the two baselines.
 */
export function featureSources(db: Db, projectId: number): FeatureSource[] {
  const runs = listRuns(db, projectId).flatMap((run): FeatureSource[] => {
    const ck = run.checkpoints > 0 ? checkpointOf(db, run.id) : `Run ${run.id} has no checkpoint yet.`;
    const cell = run.config.cellSize;
    const base = {
      unavailable: typeof ck === 'string' ? ck : null,
      method: run.method,
      step: typeof ck === 'string' ? null : ck.step,
      patchSize: typeof cell === 'number' ? cell : run.config.backbone === 'vit-b32' ? 32 : 16,
    };
    const label = `${run.name} · ${typeof ck === 'string' ? 'no checkpoint' : `step ${ck.step}`}`;
    return [
      { ...base, ref: { kind: 'run', runId: run.id }, label: `${label} (teacher)` },
      { ...base, ref: { kind: 'run', runId: run.id, weights: 'student' }, label: `${label} (student)` },
    ];
  });
  return [
    ...runs,
    { ref: { kind: 'random' }, label: 'Random ViT-T/16 (seed 0)', unavailable: null, method: null, step: null, patchSize: 16 },
    { ref: { kind: 'pixels' }, label: 'Raw pixels (16-px patches)', unavailable: null, method: null, step: null, patchSize: 16 },
  ];
}
