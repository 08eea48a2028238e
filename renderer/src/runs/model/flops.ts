import { hasDinoHead, hasTeacher, type MethodId } from './presets';

/**
 * A rough FLOP count of one training step, for the time estimate shown before a run is started. It is an estimate
 * and labelled as such in the UI: it counts matrix multiplies only and assumes the backend reaches EFFICIENCY of
 * the matmul throughput that compute.probe measures (softmax, layer norms, GELU and data movement run slower).
 *
 * Formulas (1 multiply-add = 2 FLOPs; N tokens = cropCells² + 1 class token; D width; L blocks; p cell px; C channels):
 *   ViT forward per view  F_vit  = L · (24·N·D² + 4·N²·D) + 2·(N − 1)·p²·C·D
 *       (per block: qkv 6ND², attention projection 2ND², MLP with ratio 4 16ND², QKᵀ and A·V 4N²D; then the patch embedding)
 *   heads per view        F_head = DINO head on the class token 2·(D·2048 + 2048² + 2048·256 + 256·K)   (ACE, DINO; K = head size)
 *                                + ACE dense head on every token 2·3·N·D²
 *                                | projector 2·(D·8192 + 2·8192²)                                           (Barlow, PEAC)
 *   step                  F_step = batch · 2 views · (3·(F_vit + F_head) + [teacher] (F_vit + F_head))
 *       (the student's forward + backward ≈ 3 forwards; the EMA teacher of ACE, PEAC and DINO only runs forward)
 *   seconds per step      t      = F_step / (probe GFLOP/s · 10⁹ · EFFICIENCY) + (batch / microBatch) · (L + 3) · OVERHEAD_S
 *       (the second term is per-kernel dispatch cost, which dominates tiny models: calibrated on the TINY ACE
 *        config of test/app/runs, ≈ 0.3–0.45 s per step of 2 micro-batches on wasm; GPUs get a tenth of it)
 */
export const EFFICIENCY = 0.5;
export const OVERHEAD_S = 0.04;

export interface FlopShape {
  readonly method: MethodId;
  readonly embedDim: number;
  readonly depth: number;
  readonly cellSize: number;
  readonly cropCells: number;
  readonly batch: number;
  readonly microBatch: number;
  readonly headSize: number;
  readonly channels?: number;
}

export function vitForwardFlops(s: Pick<FlopShape, 'embedDim' | 'depth' | 'cellSize' | 'cropCells' | 'channels'>): number {
  const n = s.cropCells * s.cropCells + 1;
  const d = s.embedDim;
  const c = s.channels ?? 1;
  return s.depth * (24 * n * d * d + 4 * n * n * d) + 2 * (n - 1) * s.cellSize * s.cellSize * c * d;
}

export function headFlops(s: FlopShape): number {
  const n = s.cropCells * s.cropCells + 1;
  const d = s.embedDim;
  if (hasDinoHead(s.method)) {
    const dino = 2 * (d * 2048 + 2048 * 2048 + 2048 * 256 + 256 * s.headSize);
    return s.method === 'ace' ? dino + 2 * 3 * n * d * d : dino;
  }
  return 2 * (d * 8192 + 2 * 8192 * 8192);
}

export function stepFlops(s: FlopShape): number {
  const view = vitForwardFlops(s) + headFlops(s);
  return s.batch * 2 * (3 * view + (hasTeacher(s.method) ? view : 0));
}

/** Fixed cost per step that does not scale with FLOPs: kernel launches per block and micro-batch. */
export function overheadSeconds(s: FlopShape, gpu = false): number {
  const microBatches = Math.max(1, Math.ceil(s.batch / Math.max(1, s.microBatch)));
  return microBatches * (s.depth + 3) * OVERHEAD_S * (gpu ? 0.1 : 1);
}

/** Estimated seconds per optimisation step at a probed matmul throughput; null without a usable probe. */
export function estimateSecondsPerStep(s: FlopShape, gflops: number | undefined, gpu = false): number | null {
  if (!gflops || !(gflops > 0)) return null;
  return stepFlops(s) / (gflops * 1e9 * EFFICIENCY) + overheadSeconds(s, gpu);
}
