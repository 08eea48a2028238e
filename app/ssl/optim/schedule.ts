/**
 * DINO's utils.cosine_scheduler, per iteration, computed on the host in float64: linear warm-up (linspace
 * with endpoint) then cosine over k/n (so the last value is not exactly final and base appears twice).
 * Used for the learning rate, the weight decay and the teacher momentum.
 */
export interface CosineSchedule {
  readonly baseValue: number;
  readonly finalValue: number;
  readonly epochs: number;
  readonly itersPerEpoch: number;
  readonly warmupEpochs: number;
  readonly startWarmupValue: number;
}

export function cosineSchedule(s: CosineSchedule): Float64Array {
  const warm = s.warmupEpochs * s.itersPerEpoch;
  const total = s.epochs * s.itersPerEpoch;
  const n = total - warm;
  if (n <= 0) throw new RangeError('warm-up must be shorter than training');
  const values = new Float64Array(total);
  for (let k = 0; k < warm; k++) {
    values[k] = warm === 1 ? s.startWarmupValue : s.startWarmupValue + (k * (s.baseValue - s.startWarmupValue)) / (warm - 1);
  }
  for (let k = 0; k < n; k++) values[warm + k] = s.finalValue + 0.5 * (s.baseValue - s.finalValue) * (1 + Math.cos((Math.PI * k) / n));
  return values;
}

/** ACE's three schedules (spec §4): lr 5e-4·batch/256 with warm-up from 0 to 1e-6, wd 0.04 → 0.4, momentum 0.996 → 1. */
export function aceSchedules(epochs: number, itersPerEpoch: number, batch: number, warmupEpochs = 10) {
  const common = { epochs, itersPerEpoch, startWarmupValue: 0 };
  return {
    lr: cosineSchedule({ ...common, baseValue: (5e-4 * batch) / 256, finalValue: 1e-6, warmupEpochs: Math.min(warmupEpochs, epochs - 1) }),
    weightDecay: cosineSchedule({ ...common, baseValue: 0.04, finalValue: 0.4, warmupEpochs: 0 }),
    momentum: cosineSchedule({ ...common, baseValue: 0.996, finalValue: 1, warmupEpochs: 0 }),
  };
}
