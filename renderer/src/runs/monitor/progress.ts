import type { Run } from '../../../../app/api/schemas/runs';
import { elapsedSeconds, etaSeconds, secondsPerStep } from '../model/eta';
import type { MetricStore } from '../model/series';

export interface RunProgress {
  readonly stepsDone: number;
  readonly stepsTotal: number;
  /** 1-based epoch of the last step, and the epochs the run spans (fewer when max steps ends it early). */
  readonly epoch: number | null;
  readonly epochs: number | null;
  readonly imagesPerSecond: number | null;
  readonly etaSeconds: number | null;
  readonly elapsedSeconds: number | null;
  readonly memoryMB: number | null;
}

function mean(values: ArrayLike<number>, last: number): number | null {
  const n = values.length;
  if (n === 0) return null;
  let sum = 0;
  const from = Math.max(0, n - last);
  for (let i = from; i < n; i++) sum += values[i]!;
  return sum / (n - from);
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** What the progress header shows, from the run row and its metric series. */
export function runProgress(run: Run, store: MetricStore, now: number): RunProgress {
  const batch = num(run.config.batch);
  const stepsPerEpoch = num(run.config.stepsPerEpoch) ?? (batch ? Math.floor(run.images / batch) : undefined);
  const epochSeries = store.get('epoch');
  const epochs = stepsPerEpoch ? Math.ceil(run.stepsTotal / stepsPerEpoch) : (num(run.config.epochs) ?? null);
  const lastEpoch = epochSeries?.lastValue !== undefined ? epochSeries.lastValue + 1 : null;
  const epoch = lastEpoch !== null && epochs !== null ? Math.min(lastEpoch, epochs) : lastEpoch;
  const throughput = store.get('images_per_s');
  const pace = store.get('loss/total') ?? throughput;
  const perStep = pace ? secondsPerStep(pace.steps, pace.wallTimes) : null;
  const rss = store.get('rss_mb');
  const running = run.status === 'running';
  const lastWall = pace && pace.length > 0 ? new Date(pace.wallTimes[pace.length - 1]! * 1000).toISOString() : null;
  return {
    stepsDone: run.stepsDone,
    stepsTotal: run.stepsTotal,
    epoch,
    epochs,
    imagesPerSecond: throughput ? mean(throughput.values, 10) : null,
    etaSeconds: running ? etaSeconds(run.stepsDone, run.stepsTotal, perStep) : null,
    elapsedSeconds: elapsedSeconds(run.startedAt, running ? null : (run.finishedAt ?? lastWall), now),
    memoryMB: rss?.lastValue ?? null,
  };
}
