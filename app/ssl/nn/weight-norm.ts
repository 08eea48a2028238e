import * as tf from '@tensorflow/tfjs';
import { matMul2d, plusScaledProduct } from './matmul';
import { type GradientAccumulator, KeptRows, type StepContext, stepContext } from './step-context';
import { markRowSquared } from './known-row-squares';
import { rowSumSquares } from './wasm-kernels';

/**
 * Weight-normalised linear without bias, y = z·Wᵀ with W[j] = g_j · v[j] / ‖v[j]‖ (v stored [out, in], as
 * PyTorch stores weight_v), i.e. y = (z·vᵀ) ⊙ s with s = g/‖v‖. Gradients, with t_j = Σ_r dy_rj y_rj:
 *   dz = (dy ⊙ s)·v,  dv = (dy ⊙ s)ᵀ·z − v ⊙ t/‖v‖² (per row),  dg = t/g.
 * DINO's 65536 × 256 layer makes every full pass over v expensive on wasm. Stored [out, in], each of its
 * uses streams v row by row: the products read it as the left operand (v·zᵀ) or, for dz, in place in
 * L2-sized chunks; the norms and dv's start are per row. Stored [in, out], the 256 KB row stride aliased in
 * L1 and L2 for every per-output access, and the forward needed vᵀ formed once per step.
 */

/** Row norms ‖v[j]‖ as [out, 1]. */
const rowNorms = (v: tf.Tensor2D): tf.Tensor2D => tf.sqrt(rowSumSquares(v));

/** y = (z·vᵀ) ⊙ s as (v·zᵀ)ᵀ ⊙ s: v streams as the left operand, only rows-sized tensors are transposed. */
const forward = (z: tf.Tensor2D, v: tf.Tensor2D, s: tf.Tensor2D): tf.Tensor2D => tf.mul(tf.transpose(tf.matMul(v, z, false, true)), s) as tf.Tensor2D;

/** s = g/‖v‖ as [1, out], from g [1, out] and the norms [out, 1]. */
const scaleFrom = (g: tf.Tensor2D, norms: tf.Tensor2D): tf.Tensor2D => tf.div(g, tf.reshape(norms, [1, -1])) as tf.Tensor2D;

/** dz = (dy ⊙ s)·v. */
const inputGrad = (dy: tf.Tensor, v: tf.Tensor2D, s: tf.Tensor2D): tf.Tensor2D => tf.matMul(tf.mul(dy, s) as tf.Tensor2D, v);

/** [dg] or [dg, dv] from the rows z, y, dy of every use, s = g/‖v‖; `wantV` false skips the big one. */
function paramGrads(z: tf.Tensor2D, y: tf.Tensor2D, dy: tf.Tensor2D, v: tf.Tensor2D, g: tf.Tensor2D, norms: tf.Tensor2D, s: tf.Tensor2D, wantV: boolean): tf.Tensor[] {
  // t as ones·(dy⊙y): one product instead of a Sum over axis 0, which tfjs-wasm runs through a transpose.
  const t = matMul2d(tf.ones([1, dy.shape[0] ?? 0]) as tf.Tensor2D, tf.mul(dy, y) as tf.Tensor2D);
  const dg = tf.div(t, g);
  if (!wantV) return [dg];
  // The product starts from v scaled by −t/‖v‖² per row: no pass over the 64 MB gradient of DINO's last
  // layer, nor one forming its start.
  const startScale = tf.neg(tf.div(tf.reshape(t, [-1, 1]), tf.square(norms))) as tf.Tensor2D;
  return [dg, plusScaledProduct(v, startScale, tf.transpose(tf.mul(dy, s)) as tf.Tensor2D, z)];
}

/** Outside a training step: one op over z, v and g (the weight W is never materialised). */
const standaloneImpl = tf.customGrad((...args) => {
  const [z, v, g, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  const norms = rowNorms(v);
  const y = forward(z, v, scaleFrom(g, norms));
  save([z, v, g, norms, y]);
  return {
    value: y,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sz, sv, sg, sn, sy] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      const s = scaleFrom(sg, sn);
      const [dg, dv] = paramGrads(sz, sy, dy as tf.Tensor2D, sv, sg, sn, s, true) as [tf.Tensor, tf.Tensor];
      return [inputGrad(dy, sv, s), dv, dg];
    },
  };
});

/**
 * Inside a training step v and g are constant: s is formed once per step and the tape sees an op over z
 * alone. Each use keeps its rows z, y and dy; the step forms dv and dg once from all of them (one
 * [out, R]·[R, in] product) instead of a full [out, in] gradient, its accumulation and its disposal per
 * micro-batch.
 */
class WeightNormGradients implements GradientAccumulator {
  private readonly rows = new KeptRows(3);

  constructor(
    private readonly ctx: StepContext,
    private readonly v: tf.Tensor2D,
    private readonly g: tf.Tensor2D,
  ) {}

  add(z: tf.Tensor2D, y: tf.Tensor2D, dy: tf.Tensor2D): void {
    this.rows.add(z, y, dy);
  }

  finish(): Map<string, tf.Tensor> {
    const vName = this.ctx.wantedName(this.v);
    const gName = this.ctx.wantedName(this.g);
    const [dg, dv] = tf.tidy(() => {
      const [z, y, dy] = this.rows.concat() as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      return paramGrads(z, y, dy, this.v, this.g, normsOf(this.ctx, this.v), scaleOf(this.ctx, this.v, this.g), vName !== null);
    });
    const out = new Map<string, tf.Tensor>();
    if (vName && dv) out.set(vName, dv);
    if (gName && dg) out.set(gName, dg);
    else dg?.dispose();
    return out;
  }

  dispose(): void {
    this.rows.dispose();
  }
}

const normsOf = (ctx: StepContext, v: tf.Tensor2D): tf.Tensor2D => ctx.derived(v, 'row-norms', () => rowNorms(v)) as tf.Tensor2D;

/** s = g/‖v‖ for the step; v's buffer identifies the layer (g is constant alongside it). */
const scaleOf = (ctx: StepContext, v: tf.Tensor2D, g: tf.Tensor2D): tf.Tensor2D => ctx.derived(v, 'weight-norm-scale', () => scaleFrom(g, normsOf(ctx, v))) as tf.Tensor2D;

function inStep(ctx: StepContext, z: tf.Tensor2D, v: tf.Tensor2D, g: tf.Tensor2D): tf.Tensor2D {
  const wantsGrad = ctx.wantedName(v) !== null || ctx.wantedName(g) !== null;
  const op = tf.customGrad((...args) => {
    const [x, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    // Derived tensors are made here, inside the op, where the tape does not record.
    const s = scaleOf(ctx, v, g);
    const y = forward(x, v, s);
    save([x, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, [sx, sy]: tf.Tensor[]) => {
        if (wantsGrad) ctx.accumulator(`weight-norm:${v.id}`, () => new WeightNormGradients(ctx, v, g)).add(sx as tf.Tensor2D, sy as tf.Tensor2D, dy as tf.Tensor2D);
        return inputGrad(dy, v, s);
      },
    };
  });
  return op(z) as tf.Tensor2D;
}

/** z [rows, in], v [out, in], g [1, out] → [rows, out]. */
export function weightNormLinear(z: tf.Tensor2D, v: tf.Tensor2D, g: tf.Tensor2D): tf.Tensor2D {
  markRowSquared(v);
  const ctx = stepContext();
  return ctx ? inStep(ctx, z, v, g) : (standaloneImpl(z, v, g) as tf.Tensor2D);
}
