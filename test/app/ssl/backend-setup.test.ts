import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { setupWasmBackend } from '../../../app/ssl/backend-setup';

describe('wasm backend set-up (zero-copy Slice, guarded 2 threads)', () => {
  it('refuses to re-create a backend that already holds tensors, then starts 2 threads with identical numerics', async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    // 200 rows: large enough that the 2-thread GEMM splits it between its threads.
    const a = tf.randomNormal([200, 80], 0, 1, 'float32', 1) as tf.Tensor2D;
    const b = tf.randomNormal([80, 64], 0, 1, 'float32', 2) as tf.Tensor2D;
    const [ha, hb] = [a.arraySync(), b.arraySync()];
    const product = tf.matMul(a, b);
    const single = product.arraySync() as number[][];
    product.dispose();
    const busy = await setupWasmBackend({ threads: 2 });
    expect(busy.threads).toBe(1);
    expect(busy.note).toContain('tensors already exist');
    expect(busy.kernels).toBe(true);
    tf.dispose([a, b]);
    expect(tf.memory().numTensors).toBe(0);

    const report = await setupWasmBackend({ threads: 2 });
    console.log(`[wasm setup] ${JSON.stringify(report)} on ${os.availableParallelism()} logical CPUs`);
    expect(report.threads).toBe(2);
    expect(report.kernels).toBe(true);
    const threaded = tf.matMul(tf.tensor2d(ha), tf.tensor2d(hb)).arraySync() as number[][];
    threaded.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(single[i]![j]!, 4)));
    // Sliced views read the right bytes through the replacement kernel on the new backend.
    expect(tf.slice(tf.tensor2d(ha), [5, 3], [2, 2]).arraySync()).toEqual([ha[5]!.slice(3, 5), ha[6]!.slice(3, 5)]);
  }, 60_000);
});
