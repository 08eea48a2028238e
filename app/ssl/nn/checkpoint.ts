import * as tf from '@tensorflow/tfjs';

/**
 * Gradient checkpointing: runs f off the tape and keeps only its inputs; the backward pass recomputes f
 * under a nested tape. Trades one extra forward of f for not holding f's activations and intermediate
 * gradients, which is what exhausts the 32-bit wasm heap (a ViT-T step at batch 8 needs > 3 GB otherwise).
 * f must be deterministic given its inputs (draw any randomness outside).
 */
interface EngineState {
  activeTape: unknown;
}

/**
 * tfjs 4.22 keeps one tape in engine state: a tf.grads call made while the outer backward pass runs resets
 * it and finally sets it to null, and the outer pass then crashes while releasing its saved tensors. The
 * outer tape is restored around the nested call (the inner call still frees its own saved tensors).
 */
function withOuterTapePreserved<T>(fn: () => T): T {
  const state = (tf.engine() as unknown as { state: EngineState }).state;
  if (!('activeTape' in state)) throw new Error('checkpoint: unsupported tfjs engine (no state.activeTape)');
  const outer = state.activeTape;
  try {
    return fn();
  } finally {
    state.activeTape = outer;
  }
}

export function checkpoint(f: (inputs: readonly tf.Tensor[]) => tf.Tensor, inputs: readonly tf.Tensor[]): tf.Tensor {
  const op = tf.customGrad((...args) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const xs = args.slice(0, -1) as tf.Tensor[];
    save(xs);
    return {
      value: f(xs),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => withOuterTapePreserved(() => tf.grads((...ys: tf.Tensor[]) => f(ys))(saved, dy)),
    };
  });
  return op(...inputs);
}
