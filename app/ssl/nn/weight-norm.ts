import * as tf from '@tensorflow/tfjs';
import { matMul2d, plusScaledProduct } from './matmul';
import { type GradientAccumulator, KeptRows, type StepContext, stepContext } from './step-context';
import { columnSumSquares } from './wasm-kernels';

/**
 * Weight-normalised linear without bias, y = z·W with W[:, j] = g_j · v[:, j] / ‖v[:, j]‖ (v stored [in, out]),
 * i.e. y = (z·v) ⊙ s with s = g/‖v‖. Gradients, with t_j = Σ_r dy_rj y_rj:
 *   dz = (dy ⊙ s)·vᵀ,  dv = zᵀ(dy ⊙ s) − v ⊙ t/‖v‖²,  dg = t/g.
 * DINO's 256 × 65536 layer makes every full pass over v expensive on wasm, hence two hand-written paths.
 */

/** Column norms ‖v[:, j]‖ as [1, out]. */
const columnNorms = (v: tf.Tensor2D): tf.Tensor2D => tf.sqrt(columnSumSquares(v));

/** [dg] or [dg, dv] from the rows z, y, dy of every use; `wantV` false skips the big one. */
function paramGrads(z: tf.Tensor2D, y: tf.Tensor2D, dy: tf.Tensor2D, v: tf.Tensor2D, g: tf.Tensor2D, norms: tf.Tensor2D, wantV: boolean): tf.Tensor[] {
  // t as ones·(dy⊙y), for the same reason as columnNorms.
  const t = matMul2d(tf.ones([1, dy.shape[0] ?? 0]) as tf.Tensor2D, tf.mul(dy, y) as tf.Tensor2D);
  const dg = tf.div(t, g);
  if (!wantV) return [dg];
  const s = tf.div(g, norms);
  // The product starts from v scaled by −t/‖v‖² per column: no pass over the 64 MB gradient of DINO's last
  // layer, nor one forming its start.
  return [dg, plusScaledProduct(v, tf.neg(tf.div(t, tf.square(norms))) as tf.Tensor2D, tf.transpose(z), tf.mul(dy, s) as tf.Tensor2D)];
}

/** Outside a training step: one op over z, v and g (the [in, out] weight is never materialised). */
const standaloneImpl = tf.customGrad((...args) => {
  const [z, v, g, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  const norms = columnNorms(v);
  const y = tf.mul(matMul2d(z, v), tf.div(g, norms)) as tf.Tensor2D;
  save([z, v, g, norms, y]);
  return {
    value: y,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sz, sv, sg, sn, sy] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      // dz = (dy⊙s)·vᵀ: transposeB on a few rows is cheaper than transposing the whole of v.
      const dz = tf.matMul(tf.mul(dy, tf.div(sg, sn)) as tf.Tensor2D, sv, false, true);
      const [dg, dv] = paramGrads(sz, sy, dy as tf.Tensor2D, sv, sg, sn, true) as [tf.Tensor, tf.Tensor];
      return [dz, dv, dg];
    },
  };
});

/**
 * Inside a training step v and g are constant: vᵀ and s are formed once per step and the tape sees an op over z
 * alone. Each use keeps its rows z, y and dy; the step forms
 * dv and dg once from all of them (one [in, R]·[R, out] product) instead of a full [in, out] gradient, its
 * accumulation and its disposal per micro-batch.
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
      return paramGrads(z, y, dy, this.v, this.g, normsOf(this.ctx, this.v), vName !== null);
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

const normsOf = (ctx: StepContext, v: tf.Tensor2D): tf.Tensor2D => ctx.derived(v, 'column-norms', () => columnNorms(v)) as tf.Tensor2D;

/** s = g/‖v‖ for the step; v's buffer identifies the layer (g is constant alongside it). */
const scaleOf = (ctx: StepContext, v: tf.Tensor2D, g: tf.Tensor2D): tf.Tensor2D => ctx.derived(v, 'weight-norm-scale', () => tf.div(g, normsOf(ctx, v))) as tf.Tensor2D;

function inStep(ctx: StepContext, z: tf.Tensor2D, v: tf.Tensor2D, g: tf.Tensor2D): tf.Tensor2D {
  const wantsGrad = ctx.wantedName(v) !== null || ctx.wantedName(g) !== null;
  const op = tf.customGrad((...args) => {
    const [x, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    // Derived tensors are made here, inside the op, where the tape does not record. y = (z·v) ⊙ s, with
    // matMul2d choosing the product's form (a few rows stream v as the left operand on wasm); dz =
    // (v·(dy ⊙ s)ᵀ)ᵀ keeps v on the left as well, so only rows-sized tensors are transposed per call.
    // A v without gradients (the teacher's: one pass per step) is read transposed in place, as (vᵀ·zᵀ)ᵀ:
    // ~38 ms for 32 rows of the 256×65536 layer on one wasm thread, against 61 with vᵀ formed first.
    const s = scaleOf(ctx, v, g);
    const y = tf.mul(wantsGrad ? matMul2d(x, v) : tf.transpose(tf.matMul(v, x, true, true)), s);
    save([x, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, [sx, sy]: tf.Tensor[]) => {
        if (wantsGrad) ctx.accumulator(`weight-norm:${v.id}`, () => new WeightNormGradients(ctx, v, g)).add(sx as tf.Tensor2D, sy as tf.Tensor2D, dy as tf.Tensor2D);
        return tf.transpose(tf.matMul(v, tf.transpose(tf.mul(dy, s) as tf.Tensor2D)));
      },
    };
  });
  return op(z) as tf.Tensor2D;
}

/** z [rows, in], v [in, out], g [1, out] → [rows, out]. */
export function weightNormLinear(z: tf.Tensor2D, v: tf.Tensor2D, g: tf.Tensor2D): tf.Tensor2D {
  const ctx = stepContext();
  return ctx ? inStep(ctx, z, v, g) : (standaloneImpl(z, v, g) as tf.Tensor2D);
}
