import { at, overFloats } from './wat';

/**
 * The EMA teacher update out = t·m + s·(1 − m) in one pass, float32 in the order tf.add(tf.mul(t, m),
 * tf.mul(s, 1 − m)) rounds (bit-identical to it). m and 1 − m come as the bits of float32 values so the
 * export, like the others the worker splits, takes only i32 arguments.
 */
export const EMA = overFloats(
  'ema',
  ['ts', 'ss', 'outs', 'mBits', 'restBits'],
  '',
  `(v128.store ${at('outs')} (f32x4.add
      (f32x4.mul (v128.load ${at('ts')}) (f32x4.splat (f32.reinterpret_i32 (local.get $mBits))))
      (f32x4.mul (v128.load ${at('ss')}) (f32x4.splat (f32.reinterpret_i32 (local.get $restBits))))))`,
);
