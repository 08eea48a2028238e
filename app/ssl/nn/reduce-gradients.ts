import * as tf from '@tensorflow/tfjs';

/**
 * Gradients of Sum and Mean as tfjs computes them (dy times ones, over the count for a mean), with the ones
 * filled by the backend's Fill kernel: tfjs builds them as a JavaScript array copied to the backend every
 * time (~20 ms of an ACE step on wasm). A broadcast through Tile instead is far slower on threaded wasm.
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
      return {
        x: () => {
          const spread = tf.mul(expanded, tf.fill(x.shape, 1, 'float32'));
          return mean ? tf.div(spread, count) : spread;
        },
      };
    },
  };
}

/** Replaces the registered Sum and Mean gradients (for every backend; registering again replaces them again). */
export function installReduceGradients(): void {
  tf.registerGradient(reduceGradient(false));
  tf.registerGradient(reduceGradient(true));
}
