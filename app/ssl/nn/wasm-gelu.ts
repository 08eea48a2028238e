import * as tf from '@tensorflow/tfjs';
import { runElementwise, simdKernels } from './simd/simd-module';
import { type HeapTensor, type KernelArgs, activeBackendHas, heapBackend, heapOffset, registerWasmKernels } from './wasm-heap';

/** Exact GELU as two wasm-backend kernels over the heap (simd/gelu-wat.ts); tensors of ≥ 4 floats. */
export const GELU = 'CxrGelu';
export const GELU_GRAD = 'CxrGeluGrad';
export const GELU_VALUE = 'CxrGeluValue';

/** x → y = x·Φ(x), Φ(x). */
function forward(args: KernelArgs): tf.TensorInfo[] {
  const backend = heapBackend(args);
  const x = args.inputs.x as unknown as HeapTensor;
  const y = backend.makeOutput(x.shape, 'float32');
  const cdf = backend.makeOutput(x.shape, 'float32');
  runElementwise(simdKernels(backend), 'gelu', [x, y, cdf].map((t) => heapOffset(backend, t)), tf.util.sizeFromShape(x.shape));
  return [y, cdf] as unknown as tf.TensorInfo[];
}

/** x → y = x·Φ(x) alone, for a forward no gradient will follow. */
function value(args: KernelArgs): tf.TensorInfo {
  const backend = heapBackend(args);
  const x = args.inputs.x as unknown as HeapTensor;
  const y = backend.makeOutput(x.shape, 'float32');
  runElementwise(simdKernels(backend), 'geluValue', [x, y].map((t) => heapOffset(backend, t)), tf.util.sizeFromShape(x.shape));
  return y as unknown as tf.TensorInfo;
}

/** dy, x, Φ(x) → dx = dy·(Φ(x) + x·φ(x)). */
function backward(args: KernelArgs): tf.TensorInfo {
  const backend = heapBackend(args);
  const { dy, x, cdf } = args.inputs as unknown as Record<'dy' | 'x' | 'cdf', HeapTensor>;
  const dx = backend.makeOutput(x.shape, 'float32');
  runElementwise(simdKernels(backend), 'geluGrad', [dy, x, cdf, dx].map((t) => heapOffset(backend, t)), tf.util.sizeFromShape(x.shape));
  return dx as unknown as tf.TensorInfo;
}

export const installWasmGelu = (): void => registerWasmKernels({ [GELU]: forward, [GELU_VALUE]: value, [GELU_GRAD]: backward });

/** The fused kernels apply: wasm with them installed, float32, at least one vector of 4. */
export const canFuseGelu = (x: tf.Tensor): boolean => x.dtype === 'float32' && x.size >= 4 && activeBackendHas(GELU);
