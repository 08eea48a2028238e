import * as tf from '@tensorflow/tfjs';

/**
 * What our JS kernels for the wasm backend use of it: tensors are ids of buffers in the wasm heap, read and
 * written through typed-array views. A view is only valid until the next allocation (the heap may grow and
 * detach it), so kernels allocate their outputs before taking views.
 */
export interface HeapTensor {
  readonly dataId: object;
  shape: number[];
  readonly dtype: string;
}

export interface HeapBackend {
  makeOutput(shape: number[], dtype: string): HeapTensor;
  typedArrayFromHeap(t: HeapTensor): Float32Array | Int32Array | Uint8Array;
  incRef(dataId: object): void;
  disposeData(dataId: object): void;
}

export type KernelArgs = Parameters<tf.KernelFunc>[0];

export const heapBackend = (args: KernelArgs): HeapBackend => args.backend as unknown as HeapBackend;

/** A float32 tensor's view. */
export const floats = (backend: HeapBackend, t: HeapTensor): Float32Array => backend.typedArrayFromHeap(t) as Float32Array;

/** Registers kernels under new names for the wasm backend; names already registered are left alone. */
export function registerWasmKernels(kernels: Readonly<Record<string, (args: KernelArgs) => tf.TensorInfo | tf.TensorInfo[]>>): void {
  for (const [kernelName, kernelFunc] of Object.entries(kernels)) {
    if (!tf.getKernel(kernelName, 'wasm')) tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as tf.KernelFunc });
  }
}

/** True when the active backend has the kernel (the fused paths fall back to tf ops elsewhere). */
export const activeBackendHas = (kernelName: string): boolean => tf.getKernel(kernelName, tf.getBackend()) !== undefined;
