/**
 * Time spent on an image, as reported with annotations.setStatus(addSeconds): wall time between the annotator's
 * actions, except that a pause longer than IDLE_LIMIT counts only as IDLE_LIMIT (a coffee break is not annotation time).
 */
export const IDLE_LIMIT_MS = 60_000;

export class ActiveTimer {
  private last: number;
  private total = 0;

  constructor(now: number) {
    this.last = now;
  }

  /** Something happened (a click, a key): count the time since the previous one. */
  touch(now: number): void {
    this.total += Math.min(IDLE_LIMIT_MS, Math.max(0, now - this.last));
    this.last = now;
  }

  /** Seconds counted so far, including up to now; resets the count (the time is handed over once). */
  take(now: number): number {
    this.touch(now);
    const seconds = this.total / 1000;
    this.total = 0;
    return seconds;
  }
}
