import * as tf from '@tensorflow/tfjs';

/**
 * True while a gradient tape records (inside tf.grads / variableGrads). Outside one (a teacher's forward,
 * inference) fused kernels skip what only a backward would read.
 */
export const recording = (): boolean => tf.engine().state.gradientDepth > 0;
