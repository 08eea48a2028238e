/**
 * Time spent on an image, as reported with annotations.setStatus(addSeconds): wall time between the annotator's
 * actions, except that a pause longer than IDLE_LIMIT counts only as IDLE_LIMIT (a coffee break is not annotation time).
 * Time is handed over in parts (periodically, when the page is hidden, when leaving the image) and each millisecond
 * at most once, so a closed tab loses only what was not yet handed over.
 */
export const IDLE_LIMIT_MS = 60_000;

/** How much counted time may wait before it is reported, so a crash or a closed window loses little. */
export const REPORT_EVERY_MS = 30_000;

export class ActiveTimer {
  /** When the annotator last acted (or counting resumed). */
  private last: number;
  /** Counted time of gaps closed by an action, not yet handed over. */
  private closed = 0;
  /** The part of the gap since `last` that was already handed over. */
  private handedOpen = 0;
  /** Hidden page: the time until the next action does not count. */
  private paused = false;

  constructor(now: number) {
    this.last = now;
  }

  private openGap(now: number): number {
    return this.paused ? 0 : Math.min(IDLE_LIMIT_MS, Math.max(0, now - this.last));
  }

  /** Something happened (a click, a key, the page shown again): count the time since the previous action. */
  touch(now: number): void {
    this.closed += Math.max(0, this.openGap(now) - this.handedOpen);
    this.last = now;
    this.handedOpen = 0;
    this.paused = false;
  }

  /** The page was hidden: count up to now, then nothing until the next touch. */
  pause(now: number): void {
    this.touch(now);
    this.paused = true;
  }

  /** Milliseconds counted up to now and not yet handed over. */
  pendingMs(now: number): number {
    return this.closed + Math.max(0, this.openGap(now) - this.handedOpen);
  }

  /** Enough time has gathered that it should be reported now. */
  due(now: number): boolean {
    return this.pendingMs(now) >= REPORT_EVERY_MS;
  }

  /** Seconds counted up to now and not handed over before; they are handed over (a later take does not repeat them). */
  take(now: number): number {
    const ms = this.pendingMs(now);
    this.closed = 0;
    this.handedOpen = Math.max(this.handedOpen, this.openGap(now));
    return ms / 1000;
  }
}
