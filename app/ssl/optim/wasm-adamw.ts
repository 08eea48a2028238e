import type * as tf from '@tensorflow/tfjs';
import { ADAMW_SCALARS } from '../nn/simd/adamw-wat';
import { runElementwise, runHalves, runSumSquares, simdKernels } from '../nn/simd/simd-module';
import { type HeapTensor, type KernelArgs, activeBackendHas, float32Bits, floats, heapBackend, heapMemory, heapOffset, registerWasmKernels } from '../nn/wasm-heap';
import { type AdamWConfig, type TensorUpdate, clipCoefficient, updateConstants } from './adamw-update';

/**
 * The AdamW update as a wasm-backend kernel: our float32 SIMD loop (nn/simd/adamw-wat.ts, bit-identical to
 * the host path) reads p and g where they are, writes the new parameter straight into its output buffer and
 * updates the moments in place, in heap tensors the optimizer owns (copying host moments in and out cost
 * ~50 ms a step for ACE's 22 M weights); the loop is split over the second thread when there is one.
 */
export const ADAMW_UPDATE = 'CxrAdamWUpdate';

export interface AdamWKernelAttrs {
  readonly cfg: AdamWConfig;
  readonly update: Omit<TensorUpdate, 'gradScale'>;
  /** With a teacher input: its EMA momentum. */
  readonly momentum?: number;
  /** With a teacher input and a [rows, cols] p: also output the row sums of squares of both updated tensors. */
  readonly rowSquares?: boolean;
}

/**
 * p, g, m, v (, t) → [updated p, ‖g‖ (pre-clip)(, t's EMA towards the updated p(, Σ_cols p², Σ_cols t²))]; m
 * and v, owned by the optimizer, are updated in place. With a teacher twin t (attr momentum) the EMA comes out
 * of the same pass, and with rowSquares the row sums of squares of both results, as [rows, 1] each.
 */
function kernel(args: KernelArgs): tf.TensorInfo[] {
  const backend = heapBackend(args);
  const { p, g, m, v, t } = args.inputs as unknown as Record<'p' | 'g' | 'm' | 'v', HeapTensor> & { t?: HeapTensor };
  const { cfg, update, momentum, rowSquares } = args.attrs as unknown as AdamWKernelAttrs;
  if (t && momentum === undefined) throw new Error(`${ADAMW_UPDATE}: a teacher input needs the momentum attr`);
  if (rowSquares && (!t || p.shape.length !== 2)) throw new Error(`${ADAMW_UPDATE}: row squares need a teacher input and a 2-D parameter`);
  const n = floats(backend, m).length;
  const out = backend.makeOutput(p.shape, 'float32');
  const normOut = backend.makeOutput([1], 'float32');
  const teacher = t && momentum !== undefined ? { t, out: backend.makeOutput(t.shape, 'float32'), momentum } : null;
  // The float64 scalars, then two partial sums of g², aligned to 8 bytes.
  const scalars = backend.makeOutput([2 * (ADAMW_SCALARS.length + 2) + 1], 'float32');
  const kernels = simdKernels(backend);
  const at = (x: HeapTensor): number => heapOffset(backend, x);
  const scalarsAt = (at(scalars) + 7) & ~7;
  const partsAt = scalarsAt + 8 * ADAMW_SCALARS.length;
  const parts = (): Float64Array => new Float64Array(heapMemory(backend).buffer, partsAt, 2);
  parts().fill(0);
  runSumSquares(kernels, at(g), n, partsAt);
  const norm = Math.sqrt((parts()[0] as number) + (parts()[1] as number));
  const gradScale = clipCoefficient(norm, cfg.clip);
  const { decay, stepSize, sqrtBc2 } = updateConstants(cfg, { ...update, gradScale });
  new Float64Array(heapMemory(backend).buffer, scalarsAt, ADAMW_SCALARS.length).set([gradScale, cfg.beta1, cfg.beta2, decay, stepSize, sqrtBc2, cfg.eps]);
  const emaBits = teacher ? [float32Bits(teacher.momentum), float32Bits(1 - teacher.momentum)] : [];
  const [rows = 0, cols = 0] = p.shape;
  const squares = rowSquares ? [backend.makeOutput([rows, 1], 'float32'), backend.makeOutput([rows, 1], 'float32')] : [];
  if (teacher && rowSquares) {
    // Two row blocks: every array advances by the first block's rows, the sums by as many floats.
    const arrays = [p, g, m, v, out, teacher.t, teacher.out].map(at);
    const sums = squares.map(at);
    const half = rows >> 1;
    const block = (from: number, count: number): number[] => [...arrays.map((a) => a + 4 * from * cols), scalarsAt, ...emaBits, count, cols, ...sums.map((x) => x + 4 * from)];
    runHalves(kernels, 'adamwEmaRows', block(0, half), block(half, rows - half));
  } else if (teacher) {
    runElementwise(kernels, 'adamwEma', [p, g, m, v, out, teacher.t, teacher.out].map(at), n, [scalarsAt, ...emaBits]);
  } else {
    runElementwise(kernels, 'adamw', [p, g, m, v, out].map(at), n, [scalarsAt]);
  }
  floats(backend, normOut)[0] = norm;
  backend.disposeData(scalars.dataId);
  return [out, normOut, ...(teacher ? [teacher.out] : []), ...squares] as unknown as tf.TensorInfo[];
}

export const installWasmAdamW = (): void => registerWasmKernels({ [ADAMW_UPDATE]: kernel });

export const hasWasmAdamW = (): boolean => activeBackendHas(ADAMW_UPDATE);
