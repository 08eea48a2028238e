import v8 from 'node:v8';
import { type HeapBackend, float32Bits, heapMemory } from '../wasm-heap';
import { variantKey } from './variant';
import { type LayerNormPointers, SimdPool, type Splittable } from './simd-pool';
import { SIMD_WASM } from './simd-wasm.generated';

/** The module's exports; pointers are byte offsets into the imported heap (see the *-wat.ts files). */
export interface SimdExports {
  /** B[q][j] at b + q·rowStride + j·colStride (bytes) into panels of 8 columns at dst. */
  pack(b: number, k: number, n: number, rowStride: number, colStride: number, dst: number): void;
  /**
   * A[i][q] at a + i·rowStride + q·kStride, B's panel p row q at b + p·panelStride + q·bRowStride, C's rows
   * cRowStride apart (bytes); bias: 0, or a row of whole panels (n rounded up to 8 floats) added to every row of C;
   * start: 0, or a matrix laid out as C added to it; scaled = SCALE_COLUMNS: the bias row scales the start's
   * columns instead (C = start ⊙ bias + A·B), SCALE_ROWS: bias holds m factors that scale its rows; kc: k is
   * taken in chunks of kc (0: whole), for a B read in place whose panels outgrow L2; claim: 0 or omitted, or a
   * row-block counter shared with another thread computing the same product (see gemmClaimAt).
   */
  gemm(a: number, rowStride: number, kStride: number, b: number, bRowStride: number, panelStride: number, c: number, cRowStride: number, m: number, k: number, n: number, p0: number, p1: number, tile: number, bias: number, start: number, scaled: number, kc: number, claim?: number): void;
  gelu(x: number, y: number, cdf: number, n: number): void;
  geluValue(x: number, y: number, n: number): void;
  geluGrad(dy: number, x: number, cdf: number, dx: number, n: number): void;
  columnSum(x: number, rows: number, cols: number, out: number): void;
  rowSumSquares(x: number, rows: number, cols: number, out: number): void;
  adamw(p: number, g: number, m: number, v: number, out: number, scalars: number, n: number): void;
  adamwEma(p: number, g: number, m: number, v: number, out: number, t: number, tOut: number, scalars: number, mBits: number, restBits: number, n: number): void;
  adamwEmaRows(p: number, g: number, m: number, v: number, out: number, t: number, tOut: number, scalars: number, mBits: number, restBits: number, rows: number, cols: number, outSq: number, tOutSq: number): void;
  sumSquares(g: number, n: number, out: number): void;
  layerNorm(x: number, w: number, b: number, y: number, xhat: number, rstd: number, rows: number, d: number, epsBits: number): void;
  layerNormGrad(dy: number, xhat: number, rstd: number, w: number, dx: number, dw: number, db: number, rows: number, d: number): void;
  attention(qkv: number, out: number, probs: number, t: number, d: number, heads: number, scaleBits: number, h0: number, h1: number, scratch: number): void;
  attentionGrad(dOut: number, probs: number, qkv: number, dqkv: number, t: number, d: number, heads: number, scaleBits: number, h0: number, h1: number, scratch: number): void;
  ema(t: number, s: number, out: number, mBits: number, restBits: number, n: number): void;
  add(a: number, b: number, out: number, n: number): void;
  transpose2d(src: number, rows: number, cols: number, dst: number, from: number, to: number): void;
  swapMiddle(src: number, b: number, x: number, y: number, z: number, dst: number): void;
  batchNormRelu(x: number, w: number, b: number, y: number, xhat: number, mean: number, rstd: number, rows: number, width: number, c0: number, c1: number, epsBits: number): void;
  batchNormReluGrad(dy: number, xhat: number, y: number, rstd: number, w: number, dx: number, dw: number, db: number, rows: number, width: number, c0: number, c1: number): void;
  /** Scalars as float32 bits (see loss-wat). */
  alphaBce(x: number, t: number, loss: number, grad: number, scaleBits: number, w0Bits: number, w1Bits: number, lossBits: number, gradBits: number, n: number): void;
  dinoRows(s: number, t: number, c: number, g: number, part: number, rows: number, width: number, sBits: number, tBits: number, coefBits: number): void;
}

export interface SimdModule {
  readonly exports: SimdExports;
  /** Which multiply-add the kernels use, for reports. */
  readonly kind: 'fma' | 'simd';
  /** The compiled module, for threads that instantiate it against the same shared memory. */
  readonly module: WebAssembly.Module;
}

const binary = (fma: boolean, shared: boolean): Uint8Array<ArrayBuffer> => new Uint8Array(Buffer.from(SIMD_WASM[variantKey({ fma, shared })] ?? '', 'base64'));

let relaxedSimd: boolean | undefined;

/**
 * Relaxed SIMD (the fused multiply-add) is on by default from V8 11.4 (Electron ≥ 25); Node 20 has it behind
 * a flag that V8 still honours when set before the first module using it compiles.
 */
function hasRelaxedSimd(): boolean {
  if (relaxedSimd === undefined) {
    const probe = binary(true, false);
    if (!WebAssembly.validate(probe)) v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
    relaxedSimd = WebAssembly.validate(probe);
  }
  return relaxedSimd;
}

/** Which kernels to use: CXR_WASM_SIMD=plain forces the ones without the relaxed multiply-add. */
const wantsFma = (): boolean => process.env.CXR_WASM_SIMD !== 'plain' && hasRelaxedSimd();

export function instantiateSimd(memory: WebAssembly.Memory): SimdModule {
  const fma = wantsFma();
  const module = new WebAssembly.Module(binary(fma, memory.buffer instanceof SharedArrayBuffer));
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return { exports: instance.exports as unknown as SimdExports, kind: fma ? 'fma' : 'simd', module };
}

export interface SimdKernels extends SimdModule {
  /** Present when the heap is shared (tfjs's threaded build) and two threads were asked for. */
  readonly pool: SimdPool | null;
}

const instances = new WeakMap<WebAssembly.Memory, SimdKernels>();
let threads = 1;

/** Set by the backend set-up: the threads our kernels use on the current backend (1, or 2 once tfjs's threaded build runs). */
export function setSimdThreads(count: number): void {
  threads = count;
}

export const simdThreads = (): number => threads;

export type Elementwise = 'gelu' | 'geluValue' | 'geluGrad' | 'ema' | 'adamw' | 'adamwEma' | 'alphaBce' | 'add';

/** An elementwise pass of our kernels over n floats at the given heap offsets, split over 2 threads if any. */
export function runElementwise(kernels: SimdKernels, fn: Elementwise, arrays: readonly number[], n: number, scalars: readonly number[] = []): void {
  if (kernels.pool) kernels.pool.elementwise(fn, arrays, n, scalars);
  else (kernels.exports[fn] as (...args: number[]) => void)(...arrays, ...scalars, n);
}

/** Two independent calls of one export (two row or column blocks): on the two threads if any, else in turn. */
export function runHalves(kernels: SimdKernels, fn: Splittable, first: readonly number[], second: readonly number[]): void {
  if (kernels.pool) kernels.pool.inParallel(fn, first, second);
  else for (const args of [first, second]) (kernels.exports[fn] as (...a: number[]) => void)(...args);
}

/** Σ x² over n floats in float64 into two slots at out (8-aligned, zeroed by the caller): halves on 2 threads if any. */
export function runSumSquares(kernels: SimdKernels, x: number, n: number, out: number): void {
  if (kernels.pool) kernels.pool.sumSquares(x, n, out);
  else kernels.exports.sumSquares(x, n, out);
}

/** LayerNorm over rows (see layer-norm-wat), the rows split over 2 threads if any. */
export function runLayerNorm(kernels: SimdKernels, pointers: LayerNormPointers, rows: number, d: number, eps: number): void {
  if (kernels.pool) kernels.pool.layerNorm(pointers, rows, d, float32Bits(eps));
  else kernels.exports.layerNorm(pointers.x, pointers.w, pointers.b, pointers.y, pointers.xhat, pointers.rstd, rows, d, float32Bits(eps));
}

/** A [rows, cols] float transpose, its columns split over 2 threads if any. */
export function runTranspose2d(kernels: SimdKernels, src: number, rows: number, cols: number, dst: number): void {
  if (kernels.pool) kernels.pool.transpose2d(src, rows, cols, dst);
  else kernels.exports.transpose2d(src, rows, cols, dst, 0, cols);
}

/** The kernels bound to a wasm backend's heap, instantiated on first use. */
export function simdKernels(backend: HeapBackend): SimdKernels {
  const memory = heapMemory(backend);
  let kernels = instances.get(memory);
  if (!kernels) {
    const module = instantiateSimd(memory);
    const shared = memory.buffer instanceof SharedArrayBuffer;
    kernels = { ...module, pool: shared && threads > 1 ? new SimdPool(module.exports, module.module, memory) : null };
    instances.set(memory, kernels);
  }
  return kernels;
}
