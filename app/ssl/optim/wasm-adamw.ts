import * as tf from '@tensorflow/tfjs';
import { type AdamWConfig, type AdamWSlot, type TensorUpdate, adamwUpdate, clipCoefficient, l2Norm } from './adamw-update';

/**
 * The AdamW update as a wasm-backend kernel over heap views: the new parameter is written straight into its
 * output buffer. Through dataSync and tf.tensor the same update copies p twice and g once out of the heap and
 * p back in: ~450 MB of copies per step for ACE's 28 M parameters.
 */
export const ADAMW_UPDATE = 'CxrAdamWUpdate';

interface HeapTensor {
  readonly dataId: object;
  readonly shape: number[];
  readonly dtype: string;
}

interface HeapBackend {
  makeOutput(shape: number[], dtype: string): HeapTensor;
  typedArrayFromHeap(t: HeapTensor): Float32Array;
}

export interface AdamWKernelAttrs {
  readonly slot: AdamWSlot;
  readonly cfg: AdamWConfig;
  readonly update: Omit<TensorUpdate, 'gradScale'>;
}

/** p, g → [updated p, ‖g‖ (pre-clip)]; the slot's moments are updated in place. */
function kernel(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const backend = args.backend as unknown as HeapBackend;
  const { p, g } = args.inputs as unknown as Record<'p' | 'g', HeapTensor>;
  const { slot, cfg, update } = args.attrs as unknown as AdamWKernelAttrs;
  const out = backend.makeOutput(p.shape, 'float32');
  const normOut = backend.makeOutput([1], 'float32');
  const next = backend.typedArrayFromHeap(out);
  const grad = backend.typedArrayFromHeap(g);
  next.set(backend.typedArrayFromHeap(p));
  const norm = l2Norm(grad);
  adamwUpdate(next, grad, slot, cfg, { ...update, gradScale: clipCoefficient(norm, cfg.clip) });
  backend.typedArrayFromHeap(normOut)[0] = norm;
  return [out, normOut] as unknown as tf.TensorInfo[];
}

let installed = false;

export function installWasmAdamW(): void {
  if (installed) return;
  tf.registerKernel({ kernelName: ADAMW_UPDATE, backendName: 'wasm', kernelFunc: kernel });
  installed = true;
}

export const hasWasmAdamW = (): boolean => tf.getKernel(ADAMW_UPDATE, tf.getBackend()) !== undefined;
