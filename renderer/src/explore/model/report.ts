import type { ModelReport } from '../../../../app/api/schemas/explore';

/** The newest report of each source (reports arrive newest first): one row per source in the comparison table. */
export function latestPerSource(reports: readonly ModelReport[]): ModelReport[] {
  const seen = new Set<string>();
  const rows: ModelReport[] = [];
  for (const r of reports) {
    const key = `${r.sourceKind}|${r.runId ?? ''}|${r.sourceLabel}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push(r);
  }
  return rows;
}

const DASH = '—';

export function formatMeanStd(value: { mean: number; std: number } | null, digits = 3): string {
  return value ? `${value.mean.toFixed(digits)} ± ${value.std.toFixed(digits)}` : DASH;
}

/** A fraction 0..1 as "89.0 %". */
export function formatPercent(fraction: number | null | undefined): string {
  return fraction === null || fraction === undefined || !Number.isFinite(fraction) ? DASH : `${(fraction * 100).toFixed(1)} %`;
}

export function formatPx(px: number | null | undefined): string {
  return px === null || px === undefined || !Number.isFinite(px) ? DASH : `${px.toFixed(1)} px`;
}
