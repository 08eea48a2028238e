import { describe, expect, it } from 'vitest';
import { ActiveTimer, IDLE_LIMIT_MS, REPORT_EVERY_MS } from '../../../renderer/src/annotate/activeTime';

describe('active time on an image', () => {
  it('counts time between actions, a long pause only up to the idle limit, and hands it over once', () => {
    const t = new ActiveTimer(0);
    t.touch(2_000);
    t.touch(2_000 + 10 * IDLE_LIMIT_MS);
    expect(t.take(2_000 + 10 * IDLE_LIMIT_MS + 500)).toBeCloseTo(2 + IDLE_LIMIT_MS / 1000 + 0.5, 9);
    expect(t.take(2_000 + 10 * IDLE_LIMIT_MS + 1500)).toBeCloseTo(1, 9);
  });

  it('reports in parts without counting any millisecond twice, and an idle stretch only once up to the limit', () => {
    const t = new ActiveTimer(0);
    t.touch(10_000);
    // Periodic reports while idle after the last action: 20 s, then 25 s more, then the idle limit caps the gap at 60 s.
    expect(t.take(30_000)).toBeCloseTo(30, 9);
    expect(t.take(55_000)).toBeCloseTo(25, 9);
    expect(t.take(200_000)).toBeCloseTo(15, 9);
    expect(t.take(300_000)).toBe(0);
    // The next action closes the capped gap without repeating it; time after it counts afresh.
    t.touch(400_000);
    expect(t.pendingMs(400_000)).toBe(0);
    expect(t.take(403_000)).toBeCloseTo(3, 9);
    t.touch(404_000);
    expect(t.take(404_000)).toBeCloseTo(1, 9);
  });

  it('is due for a report once REPORT_EVERY_MS has gathered since the last report', () => {
    const t = new ActiveTimer(0);
    expect(t.due(REPORT_EVERY_MS - 1)).toBe(false);
    t.touch(REPORT_EVERY_MS - 1);
    expect(t.due(REPORT_EVERY_MS)).toBe(true);
    expect(t.take(REPORT_EVERY_MS)).toBeCloseTo(REPORT_EVERY_MS / 1000, 9);
    expect(t.due(2 * REPORT_EVERY_MS - 1)).toBe(false);
    expect(t.due(2 * REPORT_EVERY_MS)).toBe(true);
  });

  it('counts nothing while the page is hidden, and restarts when the annotator is back', () => {
    const t = new ActiveTimer(0);
    t.touch(4_000);
    t.pause(9_000);
    expect(t.take(9_000)).toBeCloseTo(9, 9);
    expect(t.pendingMs(50_000)).toBe(0);
    expect(t.take(50_000)).toBe(0);
    t.touch(3_600_000);
    expect(t.pendingMs(3_600_000)).toBe(0);
    expect(t.take(3_602_000)).toBeCloseTo(2, 9);
  });

  it('a pause before anything was handed over keeps the counted time for the next report', () => {
    const t = new ActiveTimer(0);
    t.pause(5_000);
    t.touch(100_000);
    t.touch(101_000);
    expect(t.take(101_000)).toBeCloseTo(6, 9);
  });
});
