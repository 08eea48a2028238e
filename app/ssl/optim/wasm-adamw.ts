import type * as tf from '@tensorflow/tfjs';
import { simdKernels } from '../nn/simd/simd-module';
import { type HeapTensor, type KernelArgs, activeBackendHas, floats, heapBackend, heapOffset, registerWasmKernels } from '../nn/wasm-heap';
import { type AdamWConfig, type AdamWSlot, type TensorUpdate, clipCoefficient, updateConstants } from './adamw-update';

/**
 * The AdamW update as a wasm-backend kernel: our float64 SIMD loop (nn/simd/adamw-wat.ts, bit-identical to
 * the host path) reads p and g where they are and writes the new parameter straight into its output buffer;
 * only the moments, kept on the host for checkpoints, are copied in and out. Through dataSync and tf.tensor
 * the same update copies p twice and g once out of the heap and p back in.
 */
export const ADAMW_UPDATE = 'CxrAdamWUpdate';

export interface AdamWKernelAttrs {
  readonly slot: AdamWSlot;
  readonly cfg: AdamWConfig;
  readonly update: Omit<TensorUpdate, 'gradScale'>;
}

/** p, g → [updated p, ‖g‖ (pre-clip)]; the slot's moments are updated in place. */
function kernel(args: KernelArgs): tf.TensorInfo[] {
  const backend = heapBackend(args);
  const { p, g } = args.inputs as unknown as Record<'p' | 'g', HeapTensor>;
  const { slot, cfg, update } = args.attrs as unknown as AdamWKernelAttrs;
  const n = slot.m.length;
  const out = backend.makeOutput(p.shape, 'float32');
  const normOut = backend.makeOutput([1], 'float32');
  const m = backend.makeOutput([n], 'float32');
  const v = backend.makeOutput([n], 'float32');
  floats(backend, m).set(slot.m);
  floats(backend, v).set(slot.v);
  const simd = simdKernels(backend).exports;
  const at = (t: HeapTensor): number => heapOffset(backend, t);
  const norm = simd.norm(at(g), n);
  const gradScale = clipCoefficient(norm, cfg.clip);
  const { decay, stepSize, sqrtBc2 } = updateConstants(cfg, { ...update, gradScale });
  simd.adamw(at(p), at(g), at(m), at(v), at(out), n, gradScale, cfg.beta1, cfg.beta2, decay, stepSize, sqrtBc2, cfg.eps);
  slot.m.set(floats(backend, m));
  slot.v.set(floats(backend, v));
  floats(backend, normOut)[0] = norm;
  backend.disposeData(m.dataId);
  backend.disposeData(v.dataId);
  return [out, normOut] as unknown as tf.TensorInfo[];
}

export const installWasmAdamW = (): void => registerWasmKernels({ [ADAMW_UPDATE]: kernel });

export const hasWasmAdamW = (): boolean => activeBackendHas(ADAMW_UPDATE);
