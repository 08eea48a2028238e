import * as tf from '@tensorflow/tfjs';
import { EMA_UPDATE, canFuseEma } from './wasm-ema';

/**
 * Teacher ← m·teacher + (1−m)·student for every teacher tensor (spec §2.3). The student may hold more
 * (ACE's composer and decomposer have no teacher copy); a teacher tensor without a student twin is an error.
 */
export function emaUpdate(teacher: ReadonlyMap<string, tf.Variable>, student: ReadonlyMap<string, tf.Tensor>, momentum: number): void {
  for (const [name, t] of teacher) {
    const s = student.get(name);
    if (!s) throw new Error(`EMA: student lacks "${name}"`);
    // One tidy per tensor bounds the peak heap to one tensor's temporaries.
    tf.tidy(() => t.assign(canFuseEma(t) ? (tf.engine().runKernel(EMA_UPDATE, { t, s }, { momentum }) as tf.Tensor) : tf.add(tf.mul(t, momentum), tf.mul(s, 1 - momentum))));
  }
}
