import * as tf from '@tensorflow/tfjs';

/**
 * Row sums of squares of a weight, left by the pass that wrote the weight (AdamW's, for DINO's weight-
 * normalised last layer and its teacher), so that the next step's norms need no pass of their own over it.
 * A weight-normalised layer marks the tensors it reads; AdamW asks whether a parameter is marked, and
 * records the sums against the buffer it wrote. Sums are looked up by buffer, so a weight assigned any other
 * way (a checkpoint, a frozen step's separate EMA) simply has none. The recorder owns and disposes them.
 */
const marked = new WeakSet<tf.Tensor>();
const byBuffer = new WeakMap<object, tf.Tensor>();

export const markRowSquared = (weight: tf.Tensor): void => void marked.add(weight);

export const isRowSquared = (weight: tf.Tensor): boolean => marked.has(weight);

export const rememberRowSquares = (weight: tf.Tensor, squares: tf.Tensor): void => void byBuffer.set(weight.dataId, squares);

/** The sums recorded for x's current buffer (a clone sharing them), or null. */
export function knownRowSquares(x: tf.Tensor): tf.Tensor | null {
  const squares = byBuffer.get(x.dataId);
  return squares && !squares.isDisposed ? tf.clone(squares) : null;
}
