import { describe, expect, it } from 'vitest';
import { chartedMetrics, formatTick, formatValue, formatWallTime, metricSpec } from '../../../renderer/src/runs/model/metrics';

describe('metric catalogue and formatting', () => {
  it('charts every loss term (total first), then schedules, throughput and memory, never the epoch counter', () => {
    const names = ['rss_mb', 'epoch', 'lr', 'loss/decomp', 'images_per_s', 'loss/total', 'loss/comp', 'custom_thing', 'loss/global', 'momentum'];
    expect(chartedMetrics(names)).toEqual(['loss/total', 'loss/global', 'loss/comp', 'loss/decomp', 'lr', 'momentum', 'images_per_s', 'rss_mb', 'custom_thing']);
  });

  it('smooths noisy measurements, not schedules', () => {
    expect(metricSpec('loss/total')).toMatchObject({ label: 'Loss: total', smooth: true });
    expect(metricSpec('images_per_s')).toMatchObject({ unit: 'images/s', smooth: true });
    expect(metricSpec('lr').smooth).toBe(false);
  });

  it('formats values compactly', () => {
    expect(formatValue(4.123456)).toBe('4.123');
    expect(formatValue(0.000123)).toBe('1.23e-4');
    expect(formatValue(12345.6)).toBe('12,346');
    expect(formatValue(0)).toBe('0');
    expect(formatValue(NaN)).toBe('—');
    expect(formatValue(null)).toBe('—');
    expect(['4.00e-4', '1.50e-6', '2.25e-4', '1.00e+6'].map((t) => formatTick(Number(t)))).toEqual(['4e-4', '1.5e-6', '2.25e-4', '1e+6']);
    expect(formatTick(0.25)).toBe('0.25');
  });

  it('formats wall times, with the date when not today', () => {
    const t = new Date(2025, 2, 4, 9, 5, 7);
    expect(formatWallTime(t.getTime() / 1000, new Date(2025, 2, 4, 20))).toBe('09:05:07');
    expect(formatWallTime(t.getTime() / 1000, new Date(2025, 2, 5, 1))).toBe('03-04 09:05:07');
  });
});
