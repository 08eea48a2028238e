import * as tf from '@tensorflow/tfjs';
import { runElementwise, simdKernels } from '../nn/simd/simd-module';
import { type HeapTensor, type KernelArgs, activeBackendHas, float32Bits, heapBackend, heapOffset, registerWasmKernels } from '../nn/wasm-heap';

/** t, s → t·m + s·(1 − m) as one wasm pass (nn/simd/ema-wat.ts), split over the 2nd thread when there is one. */
export const EMA_UPDATE = 'CxrEma';

function kernel(args: KernelArgs): tf.TensorInfo {
  const backend = heapBackend(args);
  const { t, s } = args.inputs as unknown as Record<'t' | 's', HeapTensor>;
  const momentum = (args.attrs as { momentum: number }).momentum;
  const out = backend.makeOutput(t.shape, 'float32');
  const n = tf.util.sizeFromShape(t.shape);
  runElementwise(simdKernels(backend), 'ema', [t, s, out].map((x) => heapOffset(backend, x)), n, [float32Bits(momentum), float32Bits(1 - momentum)]);
  return out as unknown as tf.TensorInfo;
}

export const installWasmEma = (): void => registerWasmKernels({ [EMA_UPDATE]: kernel });

/** The kernel applies: wasm with it installed, float32, at least one vector of 4. */
export const canFuseEma = (t: tf.Tensor): boolean => t.dtype === 'float32' && t.size >= 4 && activeBackendHas(EMA_UPDATE);
