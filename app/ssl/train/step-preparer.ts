import type { Worker } from 'node:worker_threads';
import type { Plane } from '../geometry/image';
import { deriveSeed } from '../rng';
import { startWorker } from '../../workers/entry-points';
import { hostWorkFlag } from '../nn/simd/simd-pool';
import type { TrainConfig } from './config';
import type { PreparedStep } from './methods';

export interface PrepareRequest {
  readonly groups: readonly (readonly Plane[])[];
  readonly seed: number;
}

export interface BatchWorkerData {
  readonly config: TrainConfig;
  /** The buffer of this worker's host-work flag (hostWorkFlag): non-zero while it prepares a step. */
  readonly busy: SharedArrayBuffer;
}

export type PrepareResult = { readonly ok: true; readonly prepared: PreparedStep } | { readonly ok: false; readonly error: string };

/**
 * The seed of step `step`'s data randomness (crops, augmentations, corruptions): a stream per step, so that
 * step k + 1's batch can be made before step k's drop-path draws and a resumed run makes the same batches.
 */
export const dataSeed = (seed: number, step: number): number => deriveSeed(seed, `data:${step}`);

/**
 * Makes steps' host batches on a worker thread, so that the crops and augmentations of step k + 1 (~0.2 s
 * for 8 ACE pairs) run on another core while step k computes. The request is posted before prepare() returns:
 * a step's compute is synchronous, so a post deferred to a later microtask would wait for the whole step.
 * Requests are served in order; the run's configuration goes to the worker once, at its start, with the flag
 * it raises while it works (hostWorkFlag: our kernels then keep to one thread). The flag goes with the worker:
 * one that ends mid-step, terminated or crashed, cannot leave it raised.
 */
export class StepPreparer {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (p: PreparedStep) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private closed = false;

  constructor(config: TrainConfig) {
    const busy = hostWorkFlag();
    const data: BatchWorkerData = { config, busy: busy.flag.buffer as SharedArrayBuffer };
    this.worker = startWorker('batch-worker', { workerData: data });
    this.worker.on('exit', busy.remove);
    this.worker.on('message', ({ id, result }: { id: number; result: PrepareResult }) => {
      const p = this.pending.get(id);
      this.pending.delete(id);
      if (result.ok) p?.resolve(result.prepared);
      else p?.reject(new Error(`preparing a training batch failed: ${result.error}`));
    });
    const fail = (why: string): void => {
      if (this.closed) return;
      for (const p of this.pending.values()) p.reject(new Error(`the batch worker ${why}`));
      this.pending.clear();
    };
    this.worker.on('error', (err) => fail(`crashed: ${err.message}`));
    this.worker.on('exit', (code) => fail(`exited unexpectedly (code ${code})`));
  }

  prepare(groups: readonly (readonly Plane[])[], seed: number): Promise<PreparedStep> {
    const id = ++this.nextId;
    const done = new Promise<PreparedStep>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    const request: PrepareRequest = { groups, seed };
    this.worker.postMessage({ id, request });
    return done;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.worker.terminate();
  }
}
