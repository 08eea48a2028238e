import * as tf from '@tensorflow/tfjs';
import { isRowSquared, rememberRowSquares } from '../nn/known-row-squares';
import { rowSumSquares } from '../nn/wasm-kernels';
import { type AdamWConfig, type AdamWSlot, adamwUpdate, clipCoefficient, l2Norm } from './adamw-update';
import { emaUpdate } from './ema';
import { ADAMW_UPDATE, hasWasmAdamW } from './wasm-adamw';

export { type AdamWConfig, type AdamWSlot, type TensorUpdate, adamwUpdate, clipCoefficient, l2Norm } from './adamw-update';

export const ADAMW_DEFAULTS: AdamWConfig = { beta1: 0.9, beta2: 0.999, eps: 1e-8, clip: 0.8 };

/** DINO get_params_groups: no decay on biases and 1-D tensors (norms); cls_token / pos_embed are decayed. */
export const decays = (name: string, rank: number): boolean => rank >= 2 && !name.endsWith('.bias');

export interface AdamWStepInput {
  readonly lr: number;
  readonly weightDecay: number;
}

/** An EMA teacher to move towards the updated parameters, after the step (spec §2.3). */
export interface EmaTarget {
  readonly teacher: ReadonlyMap<string, tf.Variable>;
  readonly momentum: number;
}

/** A moment buffer: host memory, or (wasm) a heap tensor that the update kernel rewrites in place. */
type Moment = Float32Array | tf.Tensor;

interface Slot {
  step: number;
  m: Moment;
  v: Moment;
}

const hostValues = (x: Moment): Float32Array => (x instanceof Float32Array ? x : (x.dataSync() as Float32Array));
const sizeOf = (x: Moment): number => (x instanceof Float32Array ? x.length : x.size);

/**
 * torch.optim.AdamW semantics with DINO's parameter groups and per-tensor clipping (spec §4): decoupled decay
 * p ← p·(1 − lr·wd) before the moment update, bias corrections from a per-tensor step counter, and a tensor
 * whose gradient is null (the DINO last layer in epoch 0) skipped entirely that step.
 *
 * The update is one fused loop: as tensor ops it is ~17 full-size passes per tensor (≈ 0.75 s for the
 * 16.8 M-weight DINO last layer on wasm), fused it is one read of p, g, m, v and one write of p, m, v. On wasm
 * the loop runs in the heap (optim/wasm-adamw) on moments kept there; elsewhere on host moments and copies of
 * p and g. Element math is in float32, as in PyTorch (the clipping norm in float64).
 */
export class AdamW {
  private readonly slots = new Map<string, Slot>();
  private readonly rowSquares = new Map<string, tf.Tensor[]>();

  constructor(private readonly cfg: AdamWConfig = ADAMW_DEFAULTS) {}

  private slotOf(name: string, size: number): Slot {
    let s = this.slots.get(name);
    if (!s) {
      const zeros = (): Moment => (hasWasmAdamW() ? tf.keep(tf.zeros([size])) : new Float32Array(size));
      s = { step: 0, m: zeros(), v: zeros() };
      this.slots.set(name, s);
    }
    if (sizeOf(s.m) !== size) throw new Error(`AdamW: "${name}" has ${size} elements, state ${sizeOf(s.m)}`);
    return s;
  }

  /**
   * Zeroed state for every tensor in `params` that has none yet, as a first step would make it. A tensor frozen
   * for the first epoch (DINO's last layer: 2 × 64 MB of moments at 65536 outputs) then has its moments from
   * the start: a heap too small for them fails at step 1, not an epoch in, and the tensors a run holds are
   * the same at every step. Unstepped state stays invisible (entries, steps), as PyTorch has none.
   */
  reserve(params: ReadonlyMap<string, tf.Variable>): void {
    for (const [name, p] of params) this.slotOf(name, p.size);
  }

  /** Optimiser state of one tensor, zeroed on first use (PyTorch's lazy state); a copy when it lives in the wasm heap. */
  slot(name: string, size: number): AdamWSlot {
    const s = this.slotOf(name, size);
    return { step: s.step, m: hostValues(s.m), v: hostValues(s.v) };
  }

  /** Restores a saved state (a checkpoint or a PyTorch optimizer state). */
  setSlot(name: string, step: number, m: ArrayLike<number>, v: ArrayLike<number>): void {
    const s = this.slotOf(name, m.length);
    s.step = step;
    for (const key of ['m', 'v'] as const) {
      const values = key === 'm' ? m : v;
      const held = s[key];
      if (held instanceof Float32Array) held.set(values);
      else {
        s[key] = tf.keep(tf.tensor1d(Float32Array.from(values)));
        held.dispose();
      }
    }
  }

  private stepped(): [string, Slot][] {
    return [...this.slots].filter(([, s]) => s.step > 0);
  }

  /** Every tensor's state so far (tensors never stepped have none, as in PyTorch); heap moments as copies. */
  *entries(): IterableIterator<[string, AdamWSlot]> {
    for (const [name, s] of this.stepped()) yield [name, { step: s.step, m: hostValues(s.m), v: hostValues(s.v) }];
  }

  /** The step count of every tensor with state, without copying any moment. */
  steps(): Map<string, number> {
    return new Map(this.stepped().map(([name, s]) => [name, s.step]));
  }

  /** A host copy of one moment of one tensor with state (a checkpoint writes them one at a time). */
  moment(name: string, which: 'm' | 'v'): Float32Array {
    const s = this.slots.get(name);
    if (!s) throw new Error(`AdamW: "${name}" has no state`);
    return hostValues(s[which]);
  }

  stepOf(name: string): number {
    return this.slots.get(name)?.step ?? 0;
  }

  /**
   * One step over `params`; `grads` maps names to gradients (null/absent = frozen this step). Returns the
   * pre-clip gradient norms of the stepped tensors. With `ema`, every teacher tensor then moves towards its
   * updated student twin; on wasm a stepped tensor's teacher in the update's own pass (one read of the new
   * parameters fewer, ~170 kernels fewer for ACE), the others (frozen, or without heap moments) after it.
   */
  step(params: ReadonlyMap<string, tf.Variable>, grads: ReadonlyMap<string, tf.Tensor | null>, hyper: AdamWStepInput, ema?: EmaTarget): Map<string, number> {
    const norms = new Map<string, number>();
    const emaDone = new Set<string>();
    const frozenSquared: string[] = [];
    for (const [name, p] of params) {
      const grad = grads.get(name);
      if (!grad) {
        const held = this.slots.get(name);
        const inHeap = held !== undefined && !(held.m instanceof Float32Array);
        if (inHeap && ema?.teacher.has(name) && p.rank === 2 && isRowSquared(p)) frozenSquared.push(name);
        continue;
      }
      const s = this.slotOf(name, p.size);
      s.step += 1;
      const update = { step: s.step, lr: hyper.lr, weightDecay: decays(name, p.rank) ? hyper.weightDecay : 0 };
      if (!(s.m instanceof Float32Array || s.v instanceof Float32Array)) {
        const t = ema?.teacher.get(name);
        const twin = t && t.dtype === 'float32' && t.size === p.size ? t : undefined;
        const rowSquares = twin !== undefined && p.rank === 2 && isRowSquared(p);
        const attrs = { cfg: this.cfg, update, rowSquares, ...(twin && ema ? { momentum: ema.momentum } : {}) };
        const inputs = { p, g: grad, m: s.m, v: s.v, ...(twin ? { t: twin } : {}) };
        const [next, norm, nextTeacher, ...squares] = tf.engine().runKernel(ADAMW_UPDATE, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
        norms.set(name, (norm as tf.Tensor).dataSync()[0] ?? NaN);
        p.assign(next as tf.Tensor);
        if (twin && nextTeacher) {
          twin.assign(nextTeacher);
          emaDone.add(name);
        }
        this.keepRowSquares(name, [p, twin], squares);
        tf.dispose([next as tf.Tensor, norm as tf.Tensor, ...(nextTeacher ? [nextTeacher] : [])]);
        continue;
      }
      const g = grad.dataSync() as Float32Array;
      const values = p.dataSync().slice() as Float32Array;
      const norm = l2Norm(g);
      norms.set(name, norm);
      adamwUpdate(values, g, { step: s.step, m: hostValues(s.m), v: hostValues(s.v) }, this.cfg, { ...update, gradScale: clipCoefficient(norm, this.cfg.clip) });
      const updated = tf.tensor(values, p.shape, 'float32');
      p.assign(updated);
      updated.dispose();
    }
    if (ema) emaUpdate(new Map([...ema.teacher].filter(([name]) => !emaDone.has(name))), params, ema.momentum);
    // A frozen row-squared tensor and its teacher keep sums for their buffers too (the student's, unchanged,
    // come back as a clone), so that the tensors held are the same frozen or not.
    for (const name of frozenSquared) {
      const weights = [params.get(name), ema?.teacher.get(name)] as tf.Tensor2D[];
      this.keepRowSquares(name, weights, weights.map((w) => rowSumSquares(w)));
    }
    return norms;
  }

  /** Row sums of squares the update left for a tensor and its teacher (known-row-squares), replacing the last. */
  private keepRowSquares(name: string, weights: readonly (tf.Tensor | undefined)[], squares: tf.Tensor[]): void {
    tf.dispose(this.rowSquares.get(name) ?? []);
    this.rowSquares.delete(name);
    if (squares.length === 0) return;
    squares.forEach((sq, i) => {
      const weight = weights[i];
      if (weight) rememberRowSquares(weight, sq);
    });
    this.rowSquares.set(name, squares);
  }

  /** Frees moments held in the wasm heap, and the row sums of squares kept. */
  dispose(): void {
    for (const s of this.slots.values()) for (const x of [s.m, s.v]) if (!(x instanceof Float32Array)) x.dispose();
    this.slots.clear();
    for (const squares of this.rowSquares.values()) tf.dispose(squares);
    this.rowSquares.clear();
  }
}
