import * as tf from '@tensorflow/tfjs';

/**
 * Gradients of Sum and Mean as a broadcast of dy, value for value what tfjs's own give. Those multiply dy by a
 * ones tensor of the input's shape, built as a JavaScript array and copied to the backend every time: ~20 ms
 * of an ACE step on wasm for the dense head's batch norm and the matching losses alone.
 */
function reduceGradient(mean: boolean): tf.GradConfig {
  return {
    kernelName: mean ? 'Mean' : 'Sum',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [tf.Tensor];
      const axes = tf.util.parseAxisParam((attrs as unknown as { axis: number | number[] }).axis, x.shape);
      const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
      const count = axes.reduce((n, a) => n * (x.shape[a] ?? 1), 1);
      const expanded = tf.reshape(dy as tf.Tensor, kept);
      return { x: () => tf.broadcastTo(mean ? tf.div(expanded, count) : expanded, x.shape) };
    },
  };
}

let installed = false;

/** Replaces the registered Sum and Mean gradients (for every backend; idempotent). */
export function installReduceGradients(): void {
  if (installed) return;
  tf.registerGradient(reduceGradient(false));
  tf.registerGradient(reduceGradient(true));
  installed = true;
}
