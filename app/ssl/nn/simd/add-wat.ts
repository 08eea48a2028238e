import { at, overFloats } from './wat';

/**
 * out = a + b over n floats: a large Add of two same-shaped tensors (a gradient summed over micro-batches)
 * on two threads; tfjs's own runs on one.
 */
export const ADD = overFloats('add', ['as', 'bs', 'outs'], '', `(v128.store ${at('outs')} (f32x4.add (v128.load ${at('as')}) (v128.load ${at('bs')})))`);
