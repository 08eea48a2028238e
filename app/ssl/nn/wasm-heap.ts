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
  /** How many tensors share the buffer (Reshape and our Identity share instead of copying). */
  refCount(dataId: object): number;
  disposeData(dataId: object): void;
  /** Where each tensor's buffer starts in the heap, in bytes. */
  readonly dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  /** The emscripten module: its memory is exported (plain build) or created by its loader (threaded build). */
  readonly wasm: { readonly asm?: { memory?: WebAssembly.Memory }; readonly wasmMemory?: WebAssembly.Memory };
}

export type KernelArgs = Parameters<tf.KernelFunc>[0];

export const heapBackend = (args: KernelArgs): HeapBackend => args.backend as unknown as HeapBackend;

/** Byte offset of a tensor's buffer in the heap. */
export function heapOffset(backend: HeapBackend, t: HeapTensor): number {
  const data = backend.dataIdMap.get(t.dataId);
  if (!data) throw new Error('tensor is not on the wasm heap');
  return data.memoryOffset;
}

export function heapMemory(backend: HeapBackend): WebAssembly.Memory {
  const memory = backend.wasm.wasmMemory ?? backend.wasm.asm?.memory;
  if (!memory) throw new Error('the wasm backend does not expose its memory');
  return memory;
}

/** A float32 tensor's view. */
export const floats = (backend: HeapBackend, t: HeapTensor): Float32Array => backend.typedArrayFromHeap(t) as Float32Array;

/** The bits of x as a float32, for a kernel argument that the split calls pass as i32. */
export const float32Bits = (x: number): number => new Int32Array(Float32Array.of(x).buffer)[0] ?? 0;

/** Registers kernels under new names for the wasm backend; names already registered are left alone. */
export function registerWasmKernels(kernels: Readonly<Record<string, (args: KernelArgs) => tf.TensorInfo | tf.TensorInfo[]>>): void {
  for (const [kernelName, kernelFunc] of Object.entries(kernels)) {
    if (!tf.getKernel(kernelName, 'wasm')) tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as tf.KernelFunc });
  }
}

/** True when the active backend has the kernel (the fused paths fall back to tf ops elsewhere). */
export const activeBackendHas = (kernelName: string): boolean => tf.getKernel(kernelName, tf.getBackend()) !== undefined;
