import { parentPort, workerData } from 'node:worker_threads';
import { generateSampleSet } from '../phantom';

// Generating phantoms is CPU-bound; in a worker it never stalls the host's API.
const port = parentPort;
if (!port) throw new Error('sample worker must run in a worker thread');
const { count, seed, size, dir } = workerData as { count: number; seed: number; size: number; dir: string };
const controller = new AbortController();
port.on('message', (msg: { type: 'cancel' }) => {
  if (msg.type === 'cancel') controller.abort();
});
generateSampleSet({ count, seed, size, dir, signal: controller.signal, onProgress: (done, total) => port.postMessage({ type: 'progress', done, total }) }).then(
  () => port.postMessage({ type: 'done' }),
  (err: unknown) => port.postMessage({ type: 'error', message: (err as Error).message }),
);
