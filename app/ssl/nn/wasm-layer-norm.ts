import type * as tf from '@tensorflow/tfjs';
import { type HeapTensor, type KernelArgs, activeBackendHas, floats, heapBackend, registerWasmKernels } from './wasm-heap';

/**
 * LayerNorm forward and backward as single wasm-backend kernels written in JS over the heap. As tf ops they
 * are ~9 and ~15 ops on a [tokens, 192] matrix, each paying the engine's ~20 µs per op plus a pass over the
 * data; a ViT-T training step runs ~100 of them per micro-batch. Row statistics accumulate in float64.
 */
export const LAYER_NORM = 'CxrLayerNorm';
export const LAYER_NORM_GRAD = 'CxrLayerNormGrad';

const inputsOf = (args: KernelArgs, names: readonly string[]): HeapTensor[] => names.map((n) => args.inputs[n] as unknown as HeapTensor);

/** x [..., d], weight [d], bias [d] → y, x̂ (same shape as x), 1/σ [rows]. */
function forward(args: KernelArgs): tf.TensorInfo[] {
  const backend = heapBackend(args);
  const [x, w, b] = inputsOf(args, ['x', 'weight', 'bias']) as [HeapTensor, HeapTensor, HeapTensor];
  const eps = (args.attrs as { eps: number }).eps;
  const d = x.shape[x.shape.length - 1] ?? 1;
  const rows = x.shape.reduce((a, s) => a * s, 1) / d;
  // Outputs first: allocation may grow the heap and detach earlier views.
  const yOut = backend.makeOutput(x.shape, 'float32');
  const xhatOut = backend.makeOutput(x.shape, 'float32');
  const rstdOut = backend.makeOutput([rows], 'float32');
  const [xs, ws, bs, ys, xh, rs] = [x, w, b, yOut, xhatOut, rstdOut].map((t) => floats(backend, t)) as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    let mean = 0;
    for (let i = 0; i < d; i++) mean += xs[o + i] as number;
    mean /= d;
    let variance = 0;
    for (let i = 0; i < d; i++) {
      const c = (xs[o + i] as number) - mean;
      variance += c * c;
    }
    const rstd = 1 / Math.sqrt(variance / d + eps);
    rs[r] = rstd;
    for (let i = 0; i < d; i++) {
      const h = ((xs[o + i] as number) - mean) * rstd;
      xh[o + i] = h;
      ys[o + i] = h * (ws[i] as number) + (bs[i] as number);
    }
  }
  return [yOut, xhatOut, rstdOut] as unknown as tf.TensorInfo[];
}

/** dy, x̂, 1/σ, weight → dx = (1/σ)(ĝ − mean ĝ − x̂·mean(ĝ·x̂)) with ĝ = dy·w, dw = Σ dy·x̂, db = Σ dy. */
function backward(args: KernelArgs): tf.TensorInfo[] {
  const backend = heapBackend(args);
  const [dy, xhat, rstd, w] = inputsOf(args, ['dy', 'xhat', 'rstd', 'weight']) as [HeapTensor, HeapTensor, HeapTensor, HeapTensor];
  const d = dy.shape[dy.shape.length - 1] ?? 1;
  const rows = dy.shape.reduce((a, s) => a * s, 1) / d;
  const dxOut = backend.makeOutput(dy.shape, 'float32');
  const dwOut = backend.makeOutput([d], 'float32');
  const dbOut = backend.makeOutput([d], 'float32');
  const [dys, xh, rs, ws, dx] = [dy, xhat, rstd, w, dxOut].map((t) => floats(backend, t)) as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  const dw = new Float64Array(d);
  const db = new Float64Array(d);
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    let meanG = 0;
    let meanGx = 0;
    for (let i = 0; i < d; i++) {
      const g = (dys[o + i] as number) * (ws[i] as number);
      meanG += g;
      meanGx += g * (xh[o + i] as number);
      dw[i] = (dw[i] as number) + (dys[o + i] as number) * (xh[o + i] as number);
      db[i] = (db[i] as number) + (dys[o + i] as number);
    }
    meanG /= d;
    meanGx /= d;
    const k = rs[r] as number;
    for (let i = 0; i < d; i++) dx[o + i] = k * ((dys[o + i] as number) * (ws[i] as number) - meanG - (xh[o + i] as number) * meanGx);
  }
  floats(backend, dwOut).set(dw);
  floats(backend, dbOut).set(db);
  return [dxOut, dwOut, dbOut] as unknown as tf.TensorInfo[];
}

/** Registers both kernels for the wasm backend (idempotent). */
export const installWasmLayerNorm = (): void => registerWasmKernels({ [LAYER_NORM]: forward, [LAYER_NORM_GRAD]: backward });

/** True when the active backend has the fused kernels. */
export const hasFusedLayerNorm = (): boolean => activeBackendHas(LAYER_NORM);
