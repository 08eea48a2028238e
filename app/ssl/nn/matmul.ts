import * as tf from '@tensorflow/tfjs';
import { type GradientAccumulator, KeptRows, type StepContext, stepContext, transposed } from './step-context';
import { recording } from './tape';
import { MATMUL_BIAS, hasMatMulBias } from './wasm-matmul';

/**
 * a[m,k] @ b[k,n] whose forward AND both gradients are plain 2-D products: tfjs's own gradient emits
 * transposed and batched matMuls, which tfjs-wasm's kernel runs as a scalar loop ~12× slower (tfjs-wasm-notes
 * §3). A weight's transpose is made once per training step. Our GEMM (wasm-matmul.ts) packs the left operand
 * a block at a time, so it reads a transposed one as fast as a plain one (a [788,768] activation's aᵀ·dy:
 * 38.5 vs 39.0 GFLOP/s), and aᵀ is not formed (0.9 ms for that one, 48 per ViT-T step); tfjs-wasm's own
 * kernel, without ours, still gets it formed.
 */
export const matMul2dGrads = (dy: tf.Tensor2D, a: tf.Tensor2D, b: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D] => [
  tf.matMul(dy, transposed(b)),
  tf.getBackend() === 'wasm' && !hasMatMulBias() ? tf.matMul(transposed(a), dy) : tf.matMul(a, dy, true, false),
];

const matMul2dImpl = tf.customGrad((...args) => {
  const [a, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy: tf.Tensor, [sa, sb]: tf.Tensor[]) => matMul2dGrads(dy as tf.Tensor2D, sa as tf.Tensor2D, sb as tf.Tensor2D),
  };
});

/**
 * The same product for a few rows times a large parameter (a DINO head on 8 pooled rows): a GEMM packs its
 * right operand (XNNPACK on first use of every new buffer, ~5–11 ns per weight; ours per product, a 16 MB copy
 * for a 2048×2048 weight), which costs more than the product itself. With the weight as the LEFT operand
 * nothing large is packed: y = (Wᵀ·aᵀ)ᵀ, da = (W·dyᵀ)ᵀ; Wᵀ is formed once per step and only rows-sized
 * tensors are transposed per call. The op is over a alone: W's gradient aᵀ·dy is formed once per step from
 * the rows of every micro-batch (WeightGradient), as a product over a few rows is mostly the write of a full
 * [in, out] matrix (~10 ms for 2048×2048 at 8 rows), and so would be its accumulation.
 */
class WeightGradient implements GradientAccumulator {
  private readonly rows = new KeptRows(2);

  constructor(private readonly name: string) {}

  add(a: tf.Tensor2D, dy: tf.Tensor2D): void {
    this.rows.add(a, dy);
  }

  finish(): Map<string, tf.Tensor> {
    const g = tf.tidy(() => {
      const [a, dy] = this.rows.concat() as [tf.Tensor2D, tf.Tensor2D];
      return tf.matMul(a, dy, true, false);
    });
    return new Map([[this.name, g]]);
  }

  dispose(): void {
    this.rows.dispose();
  }
}

function fewRowsMatMul(ctx: StepContext, a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const name = ctx.wantedName(b);
  const op = tf.customGrad((...args) => {
    const [x, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    save([x]);
    return {
      value: tf.transpose(tf.matMul(transposed(b), tf.transpose(x))),
      gradFunc: (dy: tf.Tensor, [sx]: tf.Tensor[]) => {
        if (name) ctx.accumulator(`weight:${b.id}`, () => new WeightGradient(name)).add(sx as tf.Tensor2D, dy as tf.Tensor2D);
        return tf.transpose(tf.matMul(b, tf.transpose(dy as tf.Tensor2D)));
      },
    };
  });
  return op(a) as tf.Tensor2D;
}

/** Rows up to which a product with a large step parameter takes the weight-as-left-operand form. */
const FEW_ROWS = 64;
const LARGE_WEIGHT = 1 << 18;

/** True when a [rows, ·] · b product should stream b as the left operand (wasm, b a parameter of the step). */
export function prefersWeightLeft(rows: number, b: tf.Tensor2D): boolean {
  return weightLeftContext(rows, b) !== null;
}

/**
 * The step context when a [rows, ·] · b product takes the weight-as-left-operand form, else null. Only on a
 * tape: without a backward (the teacher) the product reads b once, in place, and the step's transpose of b
 * (~9 ms for a 2048×2048 weight that is not in cache) would serve that one product.
 */
function weightLeftContext(rows: number, b: tf.Tensor2D): StepContext | null {
  const ctx = stepContext();
  return rows <= FEW_ROWS && b.size >= LARGE_WEIGHT && tf.getBackend() === 'wasm' && ctx !== null && ctx.isParameter(b) && recording() ? ctx : null;
}

export function matMul2d(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  if (a.rank !== 2 || b.rank !== 2 || a.shape[1] !== b.shape[0]) {
    throw new Error(`matMul2d shape mismatch [${a.shape}] @ [${b.shape}]`);
  }
  const ctx = weightLeftContext(a.shape[0] ?? 0, b);
  return (ctx ? fewRowsMatMul(ctx, a, b) : matMul2dImpl(a, b)) as tf.Tensor2D;
}

/**
 * start ⊙ scale + a·b, scale [1, n] (one factor per column) or [m, 1] (one per row), without a gradient: on
 * wasm one product that starts from the scaled start (no pass forming it, none over the sum).
 */
export function plusScaledProduct(start: tf.Tensor2D, scale: tf.Tensor2D, a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  if (!hasMatMulBias()) return tf.add(tf.mul(start, scale), tf.matMul(a, b)) as tf.Tensor2D;
  const scaleResidual = scale.shape[0] === 1 ? 'columns' : 'rows';
  return tf.engine().runKernel(MATMUL_BIAS, { a, b, bias: scale.reshape([-1]), residual: start }, { scaleResidual }) as tf.Tensor2D;
}

/** a @ bᵀ with an explicit transpose (used for similarity matrices such as attention scores). */
export const matMulABt = (a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D => matMul2d(a, tf.transpose(b));
