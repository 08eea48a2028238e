import path from 'node:path';
import { ApiError } from '../api/errors';
import { createProgressMeter } from '../api/progress';
import { createDataset } from '../datasets/datasets';
import type { HandlerDeps } from '../handlers/deps';
import { runImport } from '../import/run-import';
import type { JobContext } from '../jobs/registry';
import { ensureDefaultProject } from '../services/projects';
import { startWorker } from '../workers/entry-points';

export const SAMPLE_DATASET_NAME = 'Sample (synthetic)';
/** Fixed: every installation gets the same phantoms, so screenshots and bug reports are comparable. */
const SAMPLE_SEED = 20240611;
const SAMPLE_SIZE = 512;

function generateInWorker(dir: string, count: number, ctx: JobContext): Promise<void> {
  const worker = startWorker('sample-worker', { workerData: { count, seed: SAMPLE_SEED, size: SAMPLE_SIZE, dir } });
  const meter = createProgressMeter(count);
  const onAbort = () => worker.postMessage({ type: 'cancel' });
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  return new Promise<void>((resolve, reject) => {
    worker.on('message', (msg: { type: 'progress'; done: number } | { type: 'done' } | { type: 'error'; message: string }) => {
      if (msg.type === 'progress') ctx.progress(meter(msg.done, 'generating synthetic chest phantoms'));
      else if (msg.type === 'done') resolve();
      else reject(ctx.signal.aborted ? new ApiError('cancelled', 'Sample generation was cancelled.') : new Error(msg.message));
    });
    worker.on('error', reject);
  }).finally(() => {
    ctx.signal.removeEventListener('abort', onAbort);
    void worker.terminate();
  });
}

/**
 * The first start of a new installation gets a "Sample (synthetic)" dataset of phantoms in the default project,
 * so the first screen is never empty. It runs as a background job: generate in a worker, then import as usual.
 */
export function startSampleDataset(deps: HandlerDeps, count: number): void {
  deps.jobs.start('sample', `Create "${SAMPLE_DATASET_NAME}"`, async (ctx) => {
    const dir = path.join(deps.dataDir, 'samples', `phantom-${SAMPLE_SEED}-${SAMPLE_SIZE}`);
    await generateInWorker(dir, count, ctx);
    const project = ensureDefaultProject(deps.db);
    const dataset = createDataset(deps.db, project.id, SAMPLE_DATASET_NAME, {}, 'sample');
    ctx.setDataset(dataset.id);
    return runImport({ db: deps.db, dataDir: deps.dataDir, pool: deps.importPool() }, dataset.id, [dir], ctx);
  });
}
