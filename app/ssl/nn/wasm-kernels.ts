import * as tf from '@tensorflow/tfjs';
import { knownRowSquares } from './known-row-squares';
import { installWasmAttention } from './wasm-attention';
import { installWasmGelu } from './wasm-gelu';
import { installReduceGradients } from './reduce-gradients';
import { runElementwise, runHalves, runTranspose2d, simdKernels } from './simd/simd-module';
import { type HeapBackend, type HeapTensor, type KernelArgs, activeBackendHas, floats, heapBackend, heapOffset, registerWasmKernels } from './wasm-heap';
import { installWasmBatchNorm } from './wasm-batch-norm';
import { installWasmLayerNorm } from './wasm-layer-norm';
import { installWasmLosses } from './wasm-losses';
import { WASM_MATMUL, installWasmMatMulBias } from './wasm-matmul';

/**
 * Replacements for tfjs-backend-wasm 4.22 kernels that copy far more than they must (tfjs-wasm-notes §4):
 *  - Slice (and SplitV, which calls the same internal slice) read the WHOLE input out of the wasm heap into a
 *    JS copy for every slice; here only the requested runs are copied, heap to heap.
 *  - Identity copies its input, and the engine clones every tensor it saves for a gradient through Identity:
 *    the tape held a private copy of each saved activation (~200 MB per 224² ViT-T image instead of the ~40 MB
 *    the gradients need). Here it shares the buffer by reference count, as the cpu backend's Identity does.
 *    Sharing is safe because no wasm kernel writes into its inputs (addInPlace writes only into an unshared
 *    buffer); Variable.assign swaps buffers.
 *  - Transposes of the layouts a ViT step uses run our SIMD kernels (below).
 *  - BatchMatMul runs our GEMM (wasm-matmul.ts); Sum over all axes but the last, our column sum.
 *  - A large Add of two same-shaped float32 tensors runs on both threads when there are two.
 * Outputs are allocated before heap views are taken because allocation may grow (and detach) the heap buffer.
 */
function strides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) out[i] = (out[i + 1] ?? 1) * (shape[i + 1] ?? 1);
  return out;
}

/**
 * Copies the box [begin, begin + size) of x into a new tensor, one contiguous run at a time; trailing axes
 * taken whole join the run (splitting [B, 3H, T, hd] on axis 1 copies B·3 runs of H·T·hd, not B·3H·T runs of hd).
 */
function sliceCopy(backend: HeapBackend, x: HeapTensor, begin: readonly number[], size: number[]): HeapTensor {
  const out = backend.makeOutput(size, x.dtype);
  if (size.some((d) => d === 0)) return out;
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  const xs = strides(x.shape);
  let k = x.shape.length - 1;
  while (k > 0 && size[k] === x.shape[k]) k--;
  const run = size.slice(k).reduce((a, b) => a * b, 1);
  const outer = size.slice(0, k).reduce((a, b) => a * b, 1);
  const index = new Array<number>(k).fill(0);
  for (let o = 0; o < outer; o++) {
    let offset = (begin[k] ?? 0) * (xs[k] ?? 0);
    for (let d = 0; d < k; d++) offset += ((begin[d] ?? 0) + (index[d] ?? 0)) * (xs[d] ?? 0);
    dst.set(src.subarray(offset, offset + run), o * run);
    for (let d = k - 1; d >= 0; d--) {
      index[d] = (index[d] ?? 0) + 1;
      if ((index[d] ?? 0) < (size[d] ?? 0)) break;
      index[d] = 0;
    }
  }
  return out;
}

function slice(args: KernelArgs, original: tf.KernelFunc): tf.TensorInfo {
  const x = args.inputs.x as unknown as HeapTensor;
  if (x.dtype === 'string') return original(args) as tf.TensorInfo;
  const attrs = args.attrs as unknown as { begin: number | number[]; size: number | number[] };
  const [begin = [], size = []] = tf.slice_util.parseSliceParams(x as unknown as tf.TensorInfo, attrs.begin, attrs.size);
  return sliceCopy(heapBackend(args), x, begin, size) as unknown as tf.TensorInfo;
}

function splitV(args: KernelArgs, original: tf.KernelFunc): tf.TensorInfo[] {
  const x = args.inputs.x as unknown as HeapTensor;
  if (x.dtype === 'string') return original(args) as tf.TensorInfo[];
  const attrs = args.attrs as unknown as { numOrSizeSplits: number | number[]; axis: number | number[] };
  const axis = tf.util.parseAxisParam(attrs.axis, x.shape)[0] ?? 0;
  const sizes = tf.backend_util.prepareSplitSize(x as unknown as tf.Tensor, attrs.numOrSizeSplits, axis);
  const begin = new Array<number>(x.shape.length).fill(0);
  return sizes.map((s) => {
    const size = [...x.shape];
    size[axis] = s;
    const out = sliceCopy(heapBackend(args), x, begin, size);
    begin[axis] = (begin[axis] ?? 0) + s;
    return out as unknown as tf.TensorInfo;
  });
}

function identity(args: KernelArgs, original: tf.KernelFunc): tf.TensorInfo {
  const x = args.inputs.x as unknown as HeapTensor;
  if (x.dtype === 'string') return original(args) as tf.TensorInfo;
  (heapBackend(args)).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype } as unknown as tf.TensorInfo;
}

type TransposePlan = { kind: 'matrices'; count: number; rows: number; cols: number } | { kind: 'swap-middle'; b: number; x: number; y: number; z: number };

/** The transposes a ViT step makes, as batches of 2-D transposes or a swap of the middle axes; else null. */
function transposePlan(shape: readonly number[], perm: readonly number[]): TransposePlan | null {
  const [s0 = 1, s1 = 1, s2 = 1, s3 = 1] = shape;
  const is = (...p: number[]): boolean => perm.length === p.length && p.every((v, i) => perm[i] === v);
  if (is(1, 0)) return { kind: 'matrices', count: 1, rows: s0, cols: s1 };
  if (is(0, 2, 1)) return { kind: 'matrices', count: s0, rows: s1, cols: s2 };
  if (is(0, 1, 3, 2)) return { kind: 'matrices', count: s0 * s1, rows: s2, cols: s3 };
  if (is(0, 2, 1, 3) && s3 % 4 === 0) return { kind: 'swap-middle', b: s0, x: s1, y: s2, z: s3 };
  return null;
}

/**
 * Float transposes by our SIMD kernels (simd/transpose-wat.ts): tfjs-wasm moves one element at a time,
 * ~2.3 ns per float (104 ms a step for the DINO head's [256,65536] weight alone). Other layouts go to tfjs.
 */
function transpose(args: KernelArgs, original: tf.KernelFunc): tf.TensorInfo {
  const x = args.inputs.x as unknown as HeapTensor;
  const perm = (args.attrs as unknown as { perm: number[] }).perm;
  const plan = x.dtype === 'float32' ? transposePlan(x.shape, perm) : null;
  if (!plan) return original(args) as tf.TensorInfo;
  const backend = heapBackend(args);
  const out = backend.makeOutput(perm.map((p) => x.shape[p] ?? 1), 'float32');
  const [src, dst] = [heapOffset(backend, x), heapOffset(backend, out)];
  const kernels = simdKernels(backend);
  if (plan.kind === 'swap-middle') kernels.exports.swapMiddle(src, plan.b, plan.x, plan.y, plan.z, dst);
  else for (let i = 0, size = 4 * plan.rows * plan.cols; i < plan.count; i++) runTranspose2d(kernels, src + i * size, plan.rows, plan.cols, dst + i * size);
  return out as unknown as tf.TensorInfo;
}

/**
 * Sum or mean over every axis but the last (a bias gradient, batch-norm statistics, DINO's centre) by our
 * column-sum kernel; other reductions as tfjs does.
 */
function reduceLeading(mean: boolean) {
  return (args: KernelArgs, original: tf.KernelFunc): tf.TensorInfo => {
    const x = args.inputs.x as unknown as HeapTensor;
    const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
    const rank = x.shape.length;
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
    const leading = rank >= 2 && axes.length === rank - 1 && axes.every((a, i) => a === i);
    const cols = x.shape[rank - 1] ?? 0;
    const rows = tf.util.sizeFromShape(x.shape) / Math.max(1, cols);
    if (x.dtype !== 'float32' || !leading || rows * cols === 0) return original(args) as tf.TensorInfo;
    const backend = heapBackend(args);
    const out = backend.makeOutput(keepDims ? [...new Array<number>(rank - 1).fill(1), cols] : [cols], 'float32');
    simdKernels(backend).exports.columnSum(heapOffset(backend, x), rows, cols, heapOffset(backend, out));
    if (mean) {
      const values = floats(backend, out);
      for (let i = 0; i < cols; i++) values[i] = (values[i] as number) / rows;
    }
    return out as unknown as tf.TensorInfo;
  };
}

export const ROW_SUM_SQUARES = 'CxrRowSumSquares';

function rowSumSquaresKernel(args: KernelArgs): tf.TensorInfo {
  const x = args.inputs.x as unknown as HeapTensor;
  const [rows = 0, cols = 0] = x.shape;
  const backend = heapBackend(args);
  const out = backend.makeOutput([rows, 1], 'float32');
  const [from, to] = [heapOffset(backend, x), heapOffset(backend, out)];
  // Rows are independent: half of them on the second thread when there is one (a 64 MB pass for DINO's layer).
  const half = rows >> 1;
  runHalves(simdKernels(backend), 'rowSumSquares', [from, half, cols, to], [from + 4 * half * cols, rows - half, cols, to + 4 * half]);
  return out as unknown as tf.TensorInfo;
}

/**
 * Σ_cols x² of a float32 [rows, cols] matrix as [rows, 1]: the sums its writer left (known-row-squares) if
 * any, else one pass on wasm, square and sum elsewhere.
 */
export const rowSumSquares = (x: tf.Tensor2D): tf.Tensor2D =>
  (knownRowSquares(x) ?? (activeBackendHas(ROW_SUM_SQUARES) && x.dtype === 'float32' && x.size > 0 ? tf.engine().runKernel(ROW_SUM_SQUARES, { x }) : tf.sum(tf.square(x), 1, true))) as tf.Tensor2D;

/** Below this many floats an Add stays on tfjs's kernel (a split's hand-off costs more than it saves). */
const SPLIT_ADD_FLOATS = 1 << 15;

/**
 * Add of two float32 tensors of one shape, large enough to split (gradients summed on the tape, and over
 * micro-batches where addInPlace does not apply), by our kernel on two threads; others, and one thread, as
 * tfjs does.
 */
function add(args: KernelArgs, original: tf.KernelFunc): tf.TensorInfo {
  const { a, b } = args.inputs as unknown as Record<'a' | 'b', HeapTensor>;
  const backend = heapBackend(args);
  const kernels = simdKernels(backend);
  const n = tf.util.sizeFromShape(a.shape);
  const same = a.dtype === 'float32' && b.dtype === 'float32' && tf.util.arraysEqual(a.shape, b.shape);
  if (!same || n < SPLIT_ADD_FLOATS || !kernels.pool) return original(args) as tf.TensorInfo;
  const out = backend.makeOutput(a.shape, 'float32');
  runElementwise(kernels, 'add', [a, b, out].map((t) => heapOffset(backend, t)), n);
  return out as unknown as tf.TensorInfo;
}

/**
 * into += term, written into into's own buffer, when both are same-shaped float32 wasm tensors, no other
 * tensor shares into's buffer and the length is a multiple of 4: a gradient summed over micro-batches. An Add
 * into a fresh output costs several times more inside a step (the allocation and its first writes to cold
 * memory): [192,768] 0.16 → 0.02 ms at two threads. Returns false, leaving both untouched, where that does not
 * hold.
 */
export function addInPlace(into: tf.Tensor, term: tf.Tensor): boolean {
  if (tf.getBackend() !== 'wasm' || into.dtype !== 'float32' || term.dtype !== 'float32' || !tf.util.arraysEqual(into.shape, term.shape)) return false;
  // A ragged length ends on an overlapping vector, which would add its first values twice in place.
  if (into.size % 4 !== 0) return false;
  const backend = tf.backend() as unknown as HeapBackend;
  if (backend.refCount(into.dataId) !== 1) return false;
  const [a, b] = [heapOffset(backend, into), heapOffset(backend, term)];
  runElementwise(simdKernels(backend), 'add', [a, b, a], into.size);
  return true;
}

const REPLACEMENTS: Record<string, (args: KernelArgs, original: tf.KernelFunc) => tf.TensorInfo | tf.TensorInfo[]> = {
  Slice: slice,
  SplitV: splitV,
  Identity: identity,
  Transpose: transpose,
  Sum: reduceLeading(false),
  Mean: reduceLeading(true),
  Add: add,
  ...WASM_MATMUL,
};

let installed = false;

/**
 * Idempotent; only affects the 'wasm' backend. Also adds the fused LayerNorm, BatchNorm+ReLU, attention,
 * GELU, loss and product-with-bias kernels, and Sum and Mean gradients without a ones tensor (for every
 * backend: the values are the same). Returns false when the wasm kernels are not registered.
 */
export function installWasmKernels(): boolean {
  if (installed) return true;
  installWasmLayerNorm();
  installWasmAttention();
  installWasmGelu();
  installWasmMatMulBias();
  installWasmLosses();
  installWasmBatchNorm();
  installReduceGradients();
  registerWasmKernels({ [ROW_SUM_SQUARES]: rowSumSquaresKernel });
  const originals = Object.keys(REPLACEMENTS).map((name) => [name, tf.getKernel(name, 'wasm')] as const);
  if (originals.some(([, k]) => !k)) return false;
  for (const [name, kernel] of originals) {
    const original = (kernel as tf.KernelConfig).kernelFunc;
    const replacement = REPLACEMENTS[name] as (typeof REPLACEMENTS)[string];
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc: (args) => replacement(args, original) });
  }
  installed = true;
  return true;
}
