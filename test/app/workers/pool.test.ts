import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { TaskTimeoutError, WorkerCrashError, WorkerPool } from '../../../app/workers/pool';

// A real worker thread: echoes numbers, loops forever on 'hang', dies on 'crash'.
const SCRIPT = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ id, request }) => {
  if (request === 'hang') for (;;) {}
  if (request === 'crash') process.exit(3);
  parentPort.postMessage({ id, result: request * 2 });
});`;

const pools: WorkerPool<unknown, number>[] = [];
afterEach(async () => {
  for (const p of pools.splice(0)) await p.close();
});

function pool(size: number, taskTimeoutMs = 5000) {
  const p = new WorkerPool<unknown, number>({ size, taskTimeoutMs, spawn: () => new Worker(SCRIPT, { eval: true }), describe: (r) => `task ${String(r)}` });
  pools.push(p);
  return p;
}

describe('worker pool', () => {
  it('runs tasks on all workers and returns each result to its caller', async () => {
    const p = pool(2);
    expect(await Promise.all([1, 2, 3, 4, 5].map((n) => p.run(n)))).toEqual([2, 4, 6, 8, 10]);
  });

  it('stops a task that hangs, names it, and keeps serving with a fresh worker', async () => {
    const p = pool(1, 300);
    await expect(p.run('hang')).rejects.toThrow(TaskTimeoutError);
    await expect(p.run('hang')).rejects.toThrow(/task hang did not finish within 0.3 s and was stopped/);
    expect(await p.run(21)).toBe(42);
  });

  it('reports a worker that dies and replaces it', async () => {
    const p = pool(1);
    await expect(p.run('crash')).rejects.toThrow(WorkerCrashError);
    expect(await p.run(5)).toBe(10);
  });
});
