import * as tf from '@tensorflow/tfjs';
import type { BackendReport, ProbeResult } from '../api/contract';
import { throwIfCancelled, type CallContext } from '../api/dispatcher';
import { ApiError } from '../api/errors';
import { createProgressMeter } from '../api/progress';

/**
 * Times `repeats` size³ matmuls of random operands on the active backend, one after another: milliseconds each,
 * up to the product's values on the host. `after(done)` runs after each (progress, yielding, cancellation).
 */
export async function timeMatmuls(size: number, repeats: number, after: (done: number) => Promise<void> | void = () => {}): Promise<number[]> {
  const a = tf.randomUniform([size, size], -1, 1, 'float32', 1);
  const b = tf.randomUniform([size, size], -1, 1, 'float32', 2);
  const times: number[] = [];
  try {
    for (let i = 0; i < repeats; i++) {
      const t0 = performance.now();
      const c = tf.matMul(a, b);
      await c.data();
      times.push(performance.now() - t0);
      c.dispose();
      await after(i + 1);
    }
  } finally {
    a.dispose();
    b.dispose();
  }
  return times;
}

/** Measures sustained square-matmul throughput; the run form uses it to estimate time per epoch. */
export async function probeMatmul(report: BackendReport, size: number, repeats: number, ctx: CallContext): Promise<ProbeResult> {
  if (!report.active) throw new ApiError('backend_unavailable', `No compute backend is active: ${report.summary}.`);
  const meter = createProgressMeter(repeats);
  throwIfCancelled(ctx.signal, 'The backend probe');
  const times = await timeMatmuls(size, repeats, async (done) => {
    ctx.progress(meter(done));
    // Yield so cancel messages can arrive between matmuls.
    await new Promise((resolve) => setImmediate(resolve));
    if (done < repeats) throwIfCancelled(ctx.signal, 'The backend probe');
  });
  const elapsed = times.reduce((s, t) => s + t, 0);
  return {
    backend: report.active,
    threads: report.threads,
    size,
    repeats,
    gflops: (2 * size ** 3 * repeats) / (elapsed / 1000) / 1e9,
    millisPerMatmul: elapsed / repeats,
  };
}
