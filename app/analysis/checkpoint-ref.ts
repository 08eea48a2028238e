/**
 * What a command-line user names as the model to analyse with: a run id (its latest checkpoint), a checkpoint
 * folder or .safetensors file, "random" (a freshly initialised ViT, optionally shaped like another checkpoint)
 * or "pixels" (the raw-pixel baseline).
 */
import path from 'node:path';
import type { Db } from '../store/database';
import type { ExtractorSpec } from './features/types';
import { resolveSource } from './refs';

const RUN_ID = /^\d+$/;

/** A run id or a path → the checkpoint it names (run ids are looked up in the database). */
function checkpointPath(db: Db, ref: string): string {
  if (!RUN_ID.test(ref)) return path.resolve(ref);
  const { spec } = resolveSource(db, { kind: 'run', runId: Number(ref) });
  if (spec.kind !== 'checkpoint') throw new Error(`run ${ref} did not resolve to a checkpoint`);
  return spec.path;
}

/**
 * `ref`: "pixels", "random", a run id or a checkpoint path. `like` (a run id or checkpoint path) only goes with
 * "random": the random network then copies that checkpoint's architecture.
 */
export function resolveCheckpointRef(db: Db, ref: string, options: { like?: string } = {}): ExtractorSpec {
  const { like } = options;
  if (like !== undefined && ref !== 'random') throw new Error(`"like" ${like} only goes with the random model, not with ${ref}`);
  if (ref === 'pixels') return { kind: 'pixels' };
  if (ref === 'random') return like === undefined ? { kind: 'random' } : { kind: 'random', like: checkpointPath(db, like) };
  if (ref.trim() === '') throw new Error('no checkpoint named: give a run id, a checkpoint folder or file, "random" or "pixels"');
  return { kind: 'checkpoint', path: checkpointPath(db, ref) };
}
