import { Worker } from 'node:worker_threads';

export type WorkerOutcome =
  | { readonly kind: 'image'; readonly width: number; readonly height: number; readonly frames: number; readonly frameCount: number; readonly warnings: string[] }
  | { readonly kind: 'no_image'; readonly reason: string }
  | { readonly kind: 'error'; readonly name: string; readonly reason: string }
  | { readonly kind: 'timeout' };

const WORKER_SOURCE = `
import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';
const { decodeImageFile } = await tsImport(workerData.module, workerData.module);
try {
  const r = await decodeImageFile(workerData.file, { allFrames: true });
  parentPort.postMessage(r.kind === 'image'
    ? { kind: 'image', width: r.width, height: r.height, frames: r.frames.length, frameCount: r.frameCount, warnings: r.warnings }
    : { kind: 'no_image', reason: r.reason });
} catch (e) {
  parentPort.postMessage({ kind: 'error', name: e?.name ?? typeof e, reason: e?.reason ?? String(e?.message ?? e) });
}
`;

/**
 * Decodes a file in a worker thread and terminates it after `timeoutMs`: the only way to bound a decoder stuck in a
 * synchronous loop (a timer in the same thread never fires while the loop runs). TypeScript is loaded through tsx's API.
 */
export function decodeInWorker(file: string, modulePath: string, timeoutMs: number): Promise<WorkerOutcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, module: modulePath } });
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve({ kind: 'timeout' });
    }, timeoutMs);
    worker.once('message', (m: WorkerOutcome) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(m);
    });
    worker.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}
