import * as tf from '@tensorflow/tfjs';
import { GEMM_SCRATCH_BYTES, type StartScale, scaleCode } from './simd/gemm-wat';
import { simdKernels } from './simd/simd-module';
import { type HeapBackend, type HeapTensor, type KernelArgs, activeBackendHas, floats, heapBackend, heapOffset, registerWasmKernels } from './wasm-heap';

/*
 * BatchMatMul for the wasm backend through our GEMM (simd/gemm-wat.ts): ~1.4× XNNPACK's speed on the products
 * of a ViT step (~42 vs ~30 GFLOP/s at one thread), and transposed operands take no scalar loop (tfjs-wasm-notes
 * §3): A is read in place through strides, B is packed (once per product, once per batch entry when B is
 * batched) from either layout, or read in place for a few rows of A. Products the kernel does not cover (other
 * dtypes, mixed batch shapes, empty operands) go to tfjs's own kernel.
 */

/**
 * Up to this many rows of A, a row-major B (n a multiple of 8) is read in place: each panel of B then serves
 * at most 4 register tiles, and packing a large B (a [65536, 256] DINO weight: a 64 MB copy, ~30 ms) would cost
 * more than the product.
 */
const IN_PLACE_ROWS = 16;

interface Plan {
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly batchA: number;
  readonly batchB: number;
  readonly outShape: number[];
}

/** The product's sizes, or null when it is not one the kernel covers. */
function plan(a: HeapTensor, b: HeapTensor, transposeA: boolean, transposeB: boolean): Plan | null {
  const rank = a.shape.length;
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || rank < 2 || b.shape.length !== rank) return null;
  const [ar = 0, ac = 0] = a.shape.slice(-2);
  const [br = 0, bc = 0] = b.shape.slice(-2);
  const [m, k] = transposeA ? [ac, ar] : [ar, ac];
  const [kb, n] = transposeB ? [bc, br] : [br, bc];
  const batchDimsA = a.shape.slice(0, -2);
  const batchDimsB = b.shape.slice(0, -2);
  const batchA = tf.util.sizeFromShape(batchDimsA);
  const batchB = tf.util.sizeFromShape(batchDimsB);
  const sameBatch = batchDimsA.every((d, i) => d === batchDimsB[i]);
  if (k !== kb || m * n * k === 0 || !(sameBatch || batchA === 1 || batchB === 1)) return null;
  return { m, k, n, batchA, batchB, outShape: [...(batchA >= batchB ? batchDimsA : batchDimsB), m, n] };
}

/**
 * B read in place with more rows than this is taken in chunks of as many rows (a [65536, 256] weight under 8
 * rows of A: each 128 KB chunk is touched in address order, then stays in L2 while every panel and row group
 * passes it). The whole k at once: 58 ms for that product on one thread; chunks of 512: 18 ms; of 128 with
 * the touch: 12 ms (32: 11.8, 512: 13.5; at two threads 128 was the best of 16–128).
 */
const K_CHUNK = 128;

/**
 * Runs a planned product; with `bias` (a [n] tensor) every row of C starts from it, with `start` (a C-shaped
 * tensor) C does; with both and a scaling mode, C starts from start ⊙ bias, bias per column ([n]) or per row ([m]).
 */
function multiply(backend: HeapBackend, a: HeapTensor, b: HeapTensor, transposeA: boolean, transposeB: boolean, p: Plan, bias: HeapTensor | null, start: HeapTensor | null = null, scale?: StartScale): HeapTensor {
  const { exports: gemm, pool } = simdKernels(backend);
  const panels = Math.ceil(p.n / 8);
  const inPlace = !transposeB && p.n % 8 === 0 && p.m <= IN_PLACE_ROWS;
  const out = backend.makeOutput(p.outShape, 'float32');
  const packed = inPlace ? null : backend.makeOutput([panels * 8 * p.k], 'float32');
  const tile = backend.makeOutput([(2 * GEMM_SCRATCH_BYTES) / 4], 'float32');
  // A bias row is padded to whole panels; row factors are read as they are.
  const paddedBias = bias && scale !== 'rows' ? backend.makeOutput([panels * 8], 'float32') : null;
  if (bias && paddedBias) floats(backend, paddedBias).fill(0).set(floats(backend, bias).subarray(0, p.n));
  const [aAt, bAt, outAt, tileAt] = [a, b, out, tile].map((t) => heapOffset(backend, t)) as [number, number, number, number];
  const packedAt = packed ? heapOffset(backend, packed) : 0;
  const biasAt = paddedBias ? heapOffset(backend, paddedBias) : bias ? heapOffset(backend, bias) : 0;
  const startAt = start ? heapOffset(backend, start) : 0;
  const [rowStride, kStride] = transposeA ? [4, 4 * p.m] : [4 * p.k, 4];
  const [bRowStride, panelStride] = inPlace ? [4 * p.n, 32] : [32, 32 * p.k];
  const kChunk = inPlace ? K_CHUNK : 0;
  const batch = Math.max(p.batchA, p.batchB);
  for (let i = 0; i < batch; i++) {
    const bAtI = bAt + (p.batchB > 1 ? i : 0) * p.k * p.n * 4;
    if (packed && (i === 0 || p.batchB > 1)) {
      const strides = [transposeB ? 4 : 4 * p.n, transposeB ? 4 * p.k : 4] as const;
      if (pool) pool.pack(bAtI, p.k, p.n, ...strides, packedAt);
      else gemm.pack(bAtI, p.k, p.n, ...strides, packedAt);
    }
    const call = {
      a: aAt + (p.batchA > 1 ? i : 0) * p.m * p.k * 4,
      rowStride,
      kStride,
      b: packed ? packedAt : bAtI,
      bRowStride,
      panelStride,
      c: outAt + i * p.m * p.n * 4,
      cRowStride: 4 * p.n,
      m: p.m,
      k: p.k,
      n: p.n,
      tiles: [tileAt, tileAt + GEMM_SCRATCH_BYTES] as const,
      bias: biasAt,
      start: startAt && startAt + i * p.m * p.n * 4,
      scale,
      kChunk,
    };
    if (pool) pool.gemm(call);
    else gemm.gemm(call.a, rowStride, kStride, call.b, bRowStride, panelStride, call.c, call.cRowStride, p.m, p.k, p.n, 0, panels, tileAt, biasAt, call.start, scaleCode(scale), kChunk);
  }
  for (const t of [packed, tile, paddedBias]) if (t) backend.disposeData(t.dataId);
  return out;
}

function batchMatMul(args: KernelArgs, original: tf.KernelFunc): tf.TensorInfo {
  const { a, b } = args.inputs as unknown as Record<'a' | 'b', HeapTensor>;
  const { transposeA, transposeB } = args.attrs as unknown as { transposeA: boolean; transposeB: boolean };
  const p = plan(a, b, transposeA, transposeB);
  if (!p) return original(args) as tf.TensorInfo;
  return multiply(heapBackend(args), a, b, transposeA, transposeB, p, null) as unknown as tf.TensorInfo;
}

/**
 * x [m,k] · w [k,n] (+ bias [n]) (+ residual [m,n]), the bias and the residual added as the product's starting
 * value (no separate pass); with attr scaleResidual 'columns', residual ⊙ bias + x·w (the bias [n] scales the
 * residual's columns), with 'rows', the bias [m] scales its rows.
 */
export const MATMUL_BIAS = 'CxrMatMulBias';

function matMulBias(args: KernelArgs): tf.TensorInfo {
  const { a, b, bias, residual } = args.inputs as unknown as Record<'a' | 'b', HeapTensor> & { bias?: HeapTensor; residual?: HeapTensor };
  const scale = (args.attrs as { scaleResidual?: StartScale } | undefined)?.scaleResidual;
  const p = plan(a, b, false, false);
  const biasLength = scale === 'rows' ? p?.m : p?.n;
  const badBias = bias !== undefined && (bias.dtype !== 'float32' || tf.util.sizeFromShape(bias.shape) !== biasLength);
  const badResidual = residual !== undefined && (residual.dtype !== 'float32' || residual.shape.length !== 2 || residual.shape[0] !== p?.m || residual.shape[1] !== p?.n);
  if (!p || a.shape.length !== 2 || badBias || badResidual || (scale && !(bias && residual))) {
    throw new Error(`${MATMUL_BIAS}: unsupported operands [${a.shape}]·[${b.shape}]${bias ? ` + [${bias.shape}]` : ''}${residual ? ` + [${residual.shape}]` : ''}`);
  }
  return multiply(heapBackend(args), a, b, false, false, p, bias ?? null, residual ?? null, scale) as unknown as tf.TensorInfo;
}

export const WASM_MATMUL = { BatchMatMul: batchMatMul };

/** Registers the fused product-with-bias kernel for the wasm backend (idempotent). */
export const installWasmMatMulBias = (): void => registerWasmKernels({ [MATMUL_BIAS]: matMulBias });

export const hasMatMulBias = (): boolean => activeBackendHas(MATMUL_BIAS);
