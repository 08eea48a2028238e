import type { Run } from '../../../../app/api/schemas/runs';

export interface RunFilter {
  readonly status: Run['status'] | 'all';
  readonly method: string | 'all';
}

export const NO_FILTER: RunFilter = { status: 'all', method: 'all' };

export function filterRuns(runs: readonly Run[], f: RunFilter): Run[] {
  return runs.filter((r) => (f.status === 'all' || r.status === f.status) && (f.method === 'all' || r.method === f.method));
}

/** How many runs each value of a field has, for "Running (2)" options. */
export function countBy(runs: readonly Run[], key: 'status' | 'method'): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of runs) counts.set(r[key], (counts.get(r[key]) ?? 0) + 1);
  return counts;
}
