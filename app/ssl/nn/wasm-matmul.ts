import * as tf from '@tensorflow/tfjs';
import { type GemmModule, instantiateGemm } from './gemm/gemm-module';
import { GemmPool } from './gemm/gemm-pool';
import { type HeapBackend, type HeapTensor, type KernelArgs, heapBackend, heapMemory, heapOffset } from './wasm-heap';

/**
 * BatchMatMul for the wasm backend through our GEMM (gemm/gemm-wat.ts): ~1.7–2× XNNPACK's speed on the
 * products of a ViT step, and transposed operands cost a packing pass instead of the scalar loop tfjs falls
 * to (tfjs-wasm-notes §3). B is packed once per product (once per batch entry when B is batched); a
 * transposed A is transposed into scratch. Products the kernel does not cover (other dtypes, mixed batch
 * shapes, empty operands) go to tfjs's own kernel.
 */
interface Gemm extends GemmModule {
  /** Present when the heap is shared (tfjs's threaded build) and two threads were asked for. */
  readonly pool: GemmPool | null;
}

const modules = new WeakMap<WebAssembly.Memory, Gemm>();
let threads = 1;

/** Called by the backend set-up with the thread count it started (1 or 2). */
export function setGemmThreads(count: number): void {
  threads = count;
}

export function gemmModule(backend: HeapBackend): Gemm {
  const memory = heapMemory(backend);
  let gemm = modules.get(memory);
  if (!gemm) {
    const module = instantiateGemm(memory);
    const shared = memory.buffer instanceof SharedArrayBuffer;
    gemm = { ...module, pool: shared && threads > 1 ? new GemmPool(module.exports, module.module, memory) : null };
    modules.set(memory, gemm);
  }
  return gemm;
}

const product = (dims: readonly number[]): number => dims.reduce((a, d) => a * d, 1);

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
  const batchA = product(batchDimsA);
  const batchB = product(batchDimsB);
  const sameBatch = batchDimsA.every((d, i) => d === batchDimsB[i]);
  if (k !== kb || m * n * k === 0 || !(sameBatch || batchA === 1 || batchB === 1)) return null;
  return { m, k, n, batchA, batchB, outShape: [...(batchA >= batchB ? batchDimsA : batchDimsB), m, n] };
}

function batchMatMul(args: KernelArgs, original: tf.KernelFunc): tf.TensorInfo {
  const { a, b } = args.inputs as unknown as Record<'a' | 'b', HeapTensor>;
  const { transposeA, transposeB } = args.attrs as unknown as { transposeA: boolean; transposeB: boolean };
  const p = plan(a, b, transposeA, transposeB);
  if (!p) return original(args) as tf.TensorInfo;
  const backend = heapBackend(args);
  const { exports: gemm, pool } = gemmModule(backend);
  const panels = Math.ceil(p.n / 8);
  const out = backend.makeOutput(p.outShape, 'float32');
  const packed = backend.makeOutput([panels * 8 * p.k], 'float32');
  const tile = backend.makeOutput([64], 'float32');
  const aT = transposeA ? backend.makeOutput([p.m * p.k], 'float32') : null;
  const [aAt, bAt, outAt, packedAt, tileAt] = [a, b, out, packed, tile].map((t) => heapOffset(backend, t)) as [number, number, number, number, number];
  const aTAt = aT ? heapOffset(backend, aT) : 0;
  const batch = Math.max(p.batchA, p.batchB);
  for (let i = 0; i < batch; i++) {
    if (i === 0 || p.batchB > 1) gemm.pack(bAt + (p.batchB > 1 ? i : 0) * p.k * p.n * 4, p.k, p.n, transposeB ? 1 : 0, packedAt);
    let aRows = aAt + (p.batchA > 1 ? i : 0) * p.m * p.k * 4;
    if (aT) {
      if (i === 0 || p.batchA > 1) gemm.transpose(aRows, p.k, p.m, aTAt);
      aRows = aTAt;
    }
    const c = outAt + i * p.m * p.n * 4;
    if (pool) pool.run({ a: aRows, packedB: packedAt, c, m: p.m, k: p.k, n: p.n, tiles: [tileAt, tileAt + 128] });
    else gemm.gemm(aRows, packedAt, c, p.m, p.k, p.n, 0, panels, tileAt);
  }
  for (const t of [packed, tile, aT]) if (t) backend.disposeData(t.dataId);
  return out as unknown as tf.TensorInfo;
}

export const WASM_MATMUL = { BatchMatMul: batchMatMul };
