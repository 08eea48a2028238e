import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { ApiError, toApiError } from '../../api/errors';
import { activateCompute } from '../../compute/activate';
import { type AnalysisContext, createAnalysisContext } from './context';
import { ANALYSIS_OPS, isAnalysisOp } from './ops';
import type { HostToWorker, WorkerToHost } from './protocol';

/**
 * The analysis worker thread: activates the compute backend once, keeps models and prepared results warm
 * between calls, and runs one Explore operation at a time (calls queue in arrival order, as the backend is
 * single-threaded anyway). Cancellation is checked between images and stages.
 */
const port = parentPort;
if (!port) throw new Error('analysis-worker must run in a worker thread');
const { dataDir } = workerData as { dataDir: string };

const send = (msg: WorkerToHost): void => port.postMessage(msg);
const controllers = new Map<number, AbortController>();
// Calls wait for the backend; the bundle is CommonJS, so no top-level await.
const context = activateCompute().then((compute) => {
  send({ type: 'ready', compute: compute.summary });
  return createAnalysisContext({ cacheDir: path.join(dataDir, 'features'), compute: compute.summary });
});
context.catch((err: unknown) => send({ type: 'failed', message: `The analysis worker could not start a compute backend: ${(err as Error).message}` }));
let queue: Promise<unknown> = context.catch(() => undefined);

async function run(id: number, op: string, input: unknown, signal: AbortSignal): Promise<void> {
  try {
    if (!isAnalysisOp(op)) throw new ApiError('unknown_operation', `The analysis worker has no operation "${op}".`);
    if (signal.aborted) throw new ApiError('cancelled', 'Cancelled by the user.');
    const fn = ANALYSIS_OPS[op] as (input: unknown, ctx: AnalysisContext) => Promise<unknown>;
    const value = await fn(input, (await context).forCall(signal, (done, total, message) => send({ type: 'progress', id, done, total, message })));
    send({ type: 'result', id, value });
  } catch (err) {
    const apiError = signal.aborted ? new ApiError('cancelled', 'Cancelled by the user.') : toApiError(err);
    send({ type: 'error', id, code: apiError.code, message: apiError.message });
  } finally {
    controllers.delete(id);
  }
}

port.on('message', (msg: HostToWorker) => {
  if (msg.type === 'cancel') {
    controllers.get(msg.id)?.abort();
    return;
  }
  const controller = new AbortController();
  controllers.set(msg.id, controller);
  queue = queue.then(() => run(msg.id, msg.op, msg.input, controller.signal));
});
