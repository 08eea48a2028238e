/**
 * Seconds per step from the trainer's wall-time stamps of the last `window` steps: the slope includes data loading,
 * checkpoints and everything else between steps, which ms_per_step alone misses. Gaps longer than a minute (a pause,
 * a crash and resume) are left out. Null with fewer than two usable points.
 */
export function secondsPerStep(steps: ArrayLike<number>, wallTimes: ArrayLike<number>, window = 20): number | null {
  const n = steps.length;
  if (n < 2) return null;
  let seconds = 0;
  let count = 0;
  for (let i = n - 1; i > 0 && count < window; i--) {
    const dt = wallTimes[i]! - wallTimes[i - 1]!;
    const ds = steps[i]! - steps[i - 1]!;
    if (!(dt >= 0) || !(ds > 0) || dt / ds > 60) continue;
    seconds += dt;
    count += ds;
  }
  return count > 0 ? seconds / count : null;
}

/** Seconds until stepsTotal at the given pace; null while the pace is unknown, 0 when done. */
export function etaSeconds(stepsDone: number, stepsTotal: number, perStep: number | null): number | null {
  if (stepsDone >= stepsTotal) return 0;
  if (perStep === null || !Number.isFinite(perStep)) return null;
  return (stepsTotal - stepsDone) * perStep;
}

/** Seconds from an ISO start to an ISO end, or to `now` (ms) when the run has not ended. Null without a start. */
export function elapsedSeconds(startedAt: string | null, endedAt: string | null, now: number): number | null {
  if (!startedAt) return null;
  const start = Date.parse(startedAt);
  const end = endedAt ? Date.parse(endedAt) : now;
  if (Number.isNaN(start) || Number.isNaN(end)) return null;
  return Math.max(0, (end - start) / 1000);
}
