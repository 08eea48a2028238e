import { parentPort, workerData } from 'node:worker_threads';
import { transferables } from '../data/host-tensor';
import { createRng } from '../rng';
import { createMethod } from './methods';
import type { BatchWorkerData, PrepareRequest, PrepareResult } from './step-preparer';

// Batch worker: the host side of one run's training steps (crops, augmentations, targets), one step per message.
const port = parentPort;
if (!port) throw new Error('the batch worker must run in a worker thread');
const { config, busy } = workerData as BatchWorkerData;
const method = createMethod(config);
const busyFlag = new Int32Array(busy);

port.on('message', (msg: { id: number; request: PrepareRequest }) => {
  let result: PrepareResult;
  Atomics.store(busyFlag, 0, 1);
  try {
    result = { ok: true, prepared: method.prepare(msg.request.groups, createRng(msg.request.seed)) };
  } catch (err) {
    result = { ok: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    Atomics.store(busyFlag, 0, 0);
  }
  port.postMessage({ id: msg.id, result }, result.ok ? result.prepared.microBatches.flatMap(transferables) : []);
});
