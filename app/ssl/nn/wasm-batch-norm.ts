import type * as tf from '@tensorflow/tfjs';
import { runHalves, simdKernels } from './simd/simd-module';
import { type HeapTensor, type KernelArgs, activeBackendHas, float32Bits, heapBackend, heapOffset, registerWasmKernels } from './wasm-heap';

/**
 * BatchNorm (training mode) + ReLU over the rows of a [rows, channels] matrix as one wasm-backend kernel each
 * way (simd/batch-norm-wat.ts), bit-identical to the tf-op form; the channels split between two threads.
 */
export const BATCH_NORM_RELU = 'CxrBatchNormRelu';
export const BATCH_NORM_RELU_GRAD = 'CxrBatchNormReluGrad';

type Export = 'batchNormRelu' | 'batchNormReluGrad';

/** Runs an export over every channel: two halves (whole vectors of 4) on two threads when there are. */
function overChannels(args: KernelArgs, fn: Export, pointers: readonly number[], rows: number, width: number, scalars: readonly number[] = []): void {
  const call = (c0: number, c1: number): number[] => [...pointers, rows, width, c0, c1, ...scalars];
  const half = Math.floor(width / 8) * 4;
  runHalves(simdKernels(heapBackend(args)), fn, call(0, half), call(half, width));
}

const inputsOf = (args: KernelArgs, names: readonly string[]): HeapTensor[] => names.map((n) => args.inputs[n] as unknown as HeapTensor);

/** x [rows, C], weight [C], bias [C] → y, x̂ (as x), 1/σ [1, C]. */
function forward(args: KernelArgs): tf.TensorInfo[] {
  const backend = heapBackend(args);
  const [x, w, b] = inputsOf(args, ['x', 'weight', 'bias']) as [HeapTensor, HeapTensor, HeapTensor];
  const [rows = 0, width = 0] = x.shape;
  const [y, xhat] = [backend.makeOutput(x.shape, 'float32'), backend.makeOutput(x.shape, 'float32')];
  const [mean, rstd] = [backend.makeOutput([1, width], 'float32'), backend.makeOutput([1, width], 'float32')];
  const pointers = [x, w, b, y, xhat, mean, rstd].map((t) => heapOffset(backend, t));
  overChannels(args, 'batchNormRelu', pointers, rows, width, [float32Bits((args.attrs as { eps: number }).eps)]);
  backend.disposeData(mean.dataId);
  return [y, xhat, rstd] as unknown as tf.TensorInfo[];
}

/** dy, x̂, y, 1/σ, weight → dx, dweight, dbias. */
function backward(args: KernelArgs): tf.TensorInfo[] {
  const backend = heapBackend(args);
  const [dy, xhat, y, rstd, w] = inputsOf(args, ['dy', 'xhat', 'y', 'rstd', 'weight']) as [HeapTensor, HeapTensor, HeapTensor, HeapTensor, HeapTensor];
  const [rows = 0, width = 0] = dy.shape;
  const dx = backend.makeOutput(dy.shape, 'float32');
  const [dw, db] = [backend.makeOutput([width], 'float32'), backend.makeOutput([width], 'float32')];
  overChannels(args, 'batchNormReluGrad', [dy, xhat, y, rstd, w, dx, dw, db].map((t) => heapOffset(backend, t)), rows, width);
  return [dx, dw, db] as unknown as tf.TensorInfo[];
}

export const installWasmBatchNorm = (): void => registerWasmKernels({ [BATCH_NORM_RELU]: forward, [BATCH_NORM_RELU_GRAD]: backward });

/** The fused kernels apply: the backend has them, float32 [rows, C] with C whole vectors of 4. */
export const canFuseBatchNorm = (x: tf.Tensor): boolean => x.dtype === 'float32' && x.rank === 2 && (x.shape[1] ?? 0) % 4 === 0 && activeBackendHas(BATCH_NORM_RELU);
