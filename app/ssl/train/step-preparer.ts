import type { Plane } from '../geometry/image';
import { deriveSeed } from '../rng';
import { startWorker } from '../../workers/entry-points';
import { WorkerPool } from '../../workers/pool';
import type { TrainConfig } from './config';
import type { PreparedStep } from './methods';

export interface PrepareRequest {
  readonly config: TrainConfig;
  readonly groups: readonly (readonly Plane[])[];
  readonly seed: number;
}

export type PrepareResult = { readonly ok: true; readonly prepared: PreparedStep } | { readonly ok: false; readonly error: string };

/**
 * The seed of step `step`'s data randomness (crops, augmentations, corruptions): a stream per step, so that
 * step k + 1's batch can be made before step k's drop-path draws and a resumed run makes the same batches.
 */
export const dataSeed = (seed: number, step: number): number => deriveSeed(seed, `data:${step}`);

/**
 * Makes steps' host batches on a worker thread, so that the crops and augmentations of step k + 1 (~0.2 s
 * for 8 ACE pairs) run on another core while step k computes. Requests are served in order.
 */
export class StepPreparer {
  private readonly pool = new WorkerPool<PrepareRequest, PrepareResult>({
    size: 1,
    taskTimeoutMs: 120_000,
    spawn: () => startWorker('batch-worker'),
    describe: () => 'preparing a training batch',
  });

  constructor(private readonly config: TrainConfig) {}

  async prepare(groups: readonly (readonly Plane[])[], seed: number): Promise<PreparedStep> {
    const result = await this.pool.run({ config: this.config, groups, seed });
    if (!result.ok) throw new Error(`preparing a training batch failed: ${result.error}`);
    return result.prepared;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
