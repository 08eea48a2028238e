import * as tf from '@tensorflow/tfjs';
import { runLayerNorm, simdKernels } from './simd/simd-module';
import { type HeapTensor, type KernelArgs, activeBackendHas, heapBackend, heapOffset, registerWasmKernels } from './wasm-heap';

/**
 * LayerNorm forward and backward as single wasm-backend kernels over the heap (simd/layer-norm-wat.ts). As
 * tf ops they are ~9 and ~15 ops on a [tokens, 192] matrix, each paying the engine's ~20 µs per op plus a
 * pass over the data; a ViT-T training step runs ~100 of them per micro-batch.
 */
export const LAYER_NORM = 'CxrLayerNorm';
export const LAYER_NORM_GRAD = 'CxrLayerNormGrad';
/** y alone, for a forward no backward follows (x̂ and 1/σ are not kept). */
export const LAYER_NORM_VALUE = 'CxrLayerNormValue';

const inputsOf = (args: KernelArgs, names: readonly string[]): HeapTensor[] => names.map((n) => args.inputs[n] as unknown as HeapTensor);

const rowsOf = (x: HeapTensor): [number, number] => {
  const d = x.shape[x.shape.length - 1] ?? 1;
  return [tf.util.sizeFromShape(x.shape) / d, d];
};

/** x [..., d], weight [d], bias [d] → y, x̂ (same shape as x), 1/σ [rows]; y alone unless `keep`. */
function normalise(args: KernelArgs, keep: boolean): tf.TensorInfo[] {
  const backend = heapBackend(args);
  const [x, w, b] = inputsOf(args, ['x', 'weight', 'bias']) as [HeapTensor, HeapTensor, HeapTensor];
  const [rows, d] = rowsOf(x);
  const y = backend.makeOutput(x.shape, 'float32');
  const xhat = keep ? backend.makeOutput(x.shape, 'float32') : y;
  const rstd = backend.makeOutput([rows], 'float32');
  const at = (t: HeapTensor): number => heapOffset(backend, t);
  runLayerNorm(simdKernels(backend), { x: at(x), w: at(w), b: at(b), y: at(y), xhat: at(xhat), rstd: at(rstd) }, rows, d, (args.attrs as { eps: number }).eps);
  if (keep) return [y, xhat, rstd] as unknown as tf.TensorInfo[];
  backend.disposeData(rstd.dataId);
  return [y] as unknown as tf.TensorInfo[];
}

/** dy, x̂, 1/σ, weight → dx = (1/σ)(ĝ − mean ĝ − x̂·mean(ĝ·x̂)) with ĝ = dy·w, dw = Σ dy·x̂, db = Σ dy. */
function backward(args: KernelArgs): tf.TensorInfo[] {
  const backend = heapBackend(args);
  const [dy, xhat, rstd, w] = inputsOf(args, ['dy', 'xhat', 'rstd', 'weight']) as [HeapTensor, HeapTensor, HeapTensor, HeapTensor];
  const [rows, d] = rowsOf(dy);
  const dx = backend.makeOutput(dy.shape, 'float32');
  const dw = backend.makeOutput([d], 'float32');
  const db = backend.makeOutput([d], 'float32');
  const at = (t: HeapTensor): number => heapOffset(backend, t);
  simdKernels(backend).exports.layerNormGrad(at(dy), at(xhat), at(rstd), at(w), at(dx), at(dw), at(db), rows, d);
  return [dx, dw, db] as unknown as tf.TensorInfo[];
}

/** Registers both kernels for the wasm backend (idempotent). */
export const installWasmLayerNorm = (): void =>
  registerWasmKernels({ [LAYER_NORM]: (args) => normalise(args, true), [LAYER_NORM_VALUE]: (args) => normalise(args, false)[0] as tf.TensorInfo, [LAYER_NORM_GRAD]: backward });

/** True when the fused kernels apply: the active backend has them and rows are whole vectors of 4 floats. */
export const canFuseLayerNorm = (x: tf.Tensor): boolean => x.dtype === 'float32' && (x.shape[x.rank - 1] ?? 0) % 4 === 0 && activeBackendHas(LAYER_NORM);
