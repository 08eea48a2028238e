import { describe, expect, it } from 'vitest';
import type { ModelReport } from '../../../app/api/schemas/explore';
import { formatMeanStd, formatPercent, formatPx, latestPerSource } from '../../../renderer/src/explore/model/report';

const report = (id: number, sourceKind: ModelReport['sourceKind'], sourceLabel: string, runId: number | null = null): ModelReport => ({
  id,
  projectId: 1,
  runId,
  sourceKind,
  sourceLabel,
  createdAt: '2025-01-01T00:00:00Z',
  metrics: { compositionality: null, decompositionalityAccuracy: null, retrievalTop1: null, landmarks: null },
});

describe('model report table', () => {
  it('keeps the newest report of each source', () => {
    const rows = latestPerSource([report(9, 'pixels', 'raw pixels'), report(8, 'checkpoint', 'run 2', 2), report(7, 'pixels', 'raw pixels'), report(6, 'checkpoint', 'run 3', 3), report(5, 'random', 'random ViT-T/16')]);
    expect(rows.map((r) => r.id)).toEqual([9, 8, 6, 5]);
  });

  it('formats numbers and missing values', () => {
    expect(formatMeanStd({ mean: 0.91234, std: 0.0345 })).toBe('0.912 ± 0.035');
    expect(formatMeanStd(null)).toBe('—');
    expect(formatPercent(0.8901)).toBe('89.0 %');
    expect(formatPercent(null)).toBe('—');
    expect(formatPx(61.24)).toBe('61.2 px');
    expect(formatPx(NaN)).toBe('—');
  });
});
