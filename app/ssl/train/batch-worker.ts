import { parentPort } from 'node:worker_threads';
import { transferables } from '../data/host-tensor';
import { createRng } from '../rng';
import type { TrainConfig } from './config';
import { type Method, createMethod } from './methods';
import type { PrepareRequest, PrepareResult } from './step-preparer';

// Batch worker: the host side of training steps (crops, augmentations, targets), one step per message.
const port = parentPort;
if (!port) throw new Error('the batch worker must run in a worker thread');
let current: { key: string; method: Method } | null = null;

const methodFor = (config: TrainConfig): Method => {
  const key = JSON.stringify(config);
  if (current?.key !== key) current = { key, method: createMethod(config) };
  return current.method;
};

port.on('message', (msg: { id: number; request: PrepareRequest }) => {
  let result: PrepareResult;
  try {
    const { config, groups, seed } = msg.request;
    result = { ok: true, prepared: methodFor(config).prepare(groups, createRng(seed)) };
  } catch (err) {
    result = { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage({ id: msg.id, result }, result.ok ? result.prepared.microBatches.flatMap(transferables) : []);
});
