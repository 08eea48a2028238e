import * as tf from '@tensorflow/tfjs';

/**
 * tfjs-backend-wasm 4.22's Slice reads the WHOLE input out of the wasm heap into a JS copy for every slice
 * (tfjs-wasm-notes §4); attention and batch splitting slice the same tensor many times, so that copy
 * dominated. This replacement copies only the requested runs, heap to heap. The output is allocated before
 * the heap views are taken because allocation may grow (and detach) the heap buffer.
 */
interface WasmTensorInfo {
  readonly dataId: object;
  readonly shape: number[];
  readonly dtype: string;
}

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: string): WasmTensorInfo;
  typedArrayFromHeap(t: WasmTensorInfo): Float32Array | Int32Array | Uint8Array;
}

function strides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) out[i] = (out[i + 1] ?? 1) * (shape[i + 1] ?? 1);
  return out;
}

let installed = false;

/** Idempotent; only affects the 'wasm' backend. Returns false when the wasm Slice kernel is not registered. */
export function installWasmSlice(): boolean {
  if (installed) return true;
  const original = tf.getKernel('Slice', 'wasm');
  if (!original) return false;
  tf.unregisterKernel('Slice', 'wasm');
  tf.registerKernel({
    kernelName: 'Slice',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const x = args.inputs.x as unknown as WasmTensorInfo;
      if (x.dtype === 'string') return original.kernelFunc(args);
      const attrs = args.attrs as unknown as { begin: number | number[]; size: number | number[] };
      const [begin = [], size = []] = tf.slice_util.parseSliceParams(x as unknown as tf.TensorInfo, attrs.begin, attrs.size);
      const backend = args.backend as unknown as WasmBackendLike;
      const out = backend.makeOutput(size, x.dtype);
      const src = backend.typedArrayFromHeap(x);
      const dst = backend.typedArrayFromHeap(out);
      const rank = x.shape.length;
      if (size.some((d) => d === 0)) return out as unknown as tf.TensorInfo;
      const xs = strides(x.shape);
      const run = size[rank - 1] ?? 1;
      const outer = size.slice(0, -1).reduce((a, b) => a * b, 1);
      const index = new Array<number>(Math.max(rank - 1, 0)).fill(0);
      for (let o = 0; o < outer; o++) {
        let offset = begin[rank - 1] ?? 0;
        for (let d = 0; d < rank - 1; d++) offset += ((begin[d] ?? 0) + (index[d] ?? 0)) * (xs[d] ?? 0);
        dst.set(src.subarray(offset, offset + run), o * run);
        for (let d = rank - 2; d >= 0; d--) {
          index[d] = (index[d] ?? 0) + 1;
          if ((index[d] ?? 0) < (size[d] ?? 0)) break;
          index[d] = 0;
        }
      }
      return out as unknown as tf.TensorInfo;
    },
  });
  installed = true;
  return true;
}
