import * as tf from '@tensorflow/tfjs';
import type { BackendReport, ProbeResult } from '../api/contract';
import { throwIfCancelled, type CallContext } from '../api/dispatcher';
import { ApiError } from '../api/errors';
import { createProgressMeter } from '../api/progress';

/** Measures sustained square-matmul throughput; the run form uses it to estimate time per epoch. */
export async function probeMatmul(report: BackendReport, size: number, repeats: number, ctx: CallContext): Promise<ProbeResult> {
  if (!report.active) throw new ApiError('backend_unavailable', `No compute backend is active: ${report.summary}.`);
  const a = tf.randomUniform([size, size], -1, 1, 'float32', 1);
  const b = tf.randomUniform([size, size], -1, 1, 'float32', 2);
  const meter = createProgressMeter(repeats);
  let elapsed = 0;
  try {
    for (let i = 0; i < repeats; i++) {
      throwIfCancelled(ctx.signal, 'The backend probe');
      const t0 = performance.now();
      const c = tf.matMul(a, b);
      await c.data();
      elapsed += performance.now() - t0;
      c.dispose();
      ctx.progress(meter(i + 1));
      // Yield so cancel messages can arrive between matmuls.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    a.dispose();
    b.dispose();
  }
  const seconds = elapsed / 1000;
  return {
    backend: report.active,
    threads: report.threads,
    size,
    repeats,
    gflops: (2 * size ** 3 * repeats) / seconds / 1e9,
    millisPerMatmul: elapsed / repeats,
  };
}
