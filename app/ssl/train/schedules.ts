import { cosineSchedule } from '../optim/schedule';
import { type TrainConfig, teacherMomentum } from './config';

/** Per-iteration values of every scheduled hyper-parameter (DINO / ACE, spec §4), indexed by the step. */
export interface Schedules {
  readonly lr: Float64Array;
  readonly weightDecay: Float64Array;
  readonly momentum: Float64Array;
  readonly teacherTemp: Float64Array;
}

export function schedules(c: TrainConfig, stepsPerEpoch: number): Schedules {
  const common = { epochs: c.epochs, itersPerEpoch: stepsPerEpoch, startWarmupValue: 0 };
  const total = c.epochs * stepsPerEpoch;
  // DINO's teacher temperature: linear warm-up over whole epochs, then constant.
  const warmTemp = Math.min(c.warmupTeacherTempEpochs * stepsPerEpoch, total);
  const teacherTemp = new Float64Array(total).fill(c.teacherTemp);
  for (let k = 0; k < warmTemp; k++) teacherTemp[k] = warmTemp === 1 ? c.warmupTeacherTemp : c.warmupTeacherTemp + ((c.teacherTemp - c.warmupTeacherTemp) * k) / (warmTemp - 1);
  return {
    lr: cosineSchedule({ ...common, baseValue: (c.lr * c.batch) / 256, finalValue: c.minLr, warmupEpochs: c.warmupEpochs }),
    weightDecay: cosineSchedule({ ...common, baseValue: c.weightDecay, finalValue: c.weightDecayEnd, warmupEpochs: 0 }),
    momentum: cosineSchedule({ ...common, baseValue: teacherMomentum(c), finalValue: 1, warmupEpochs: 0 }),
    teacherTemp,
  };
}
