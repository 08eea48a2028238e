import { useId } from 'react';
import type { Run } from '../../../../app/api/schemas/runs';
import { statusLabel } from '../monitor/StatusBadge';
import { METHOD_IDS, methodLabel } from '../model/presets';
import { countBy, type RunFilter } from './filters';

const STATUSES: Run['status'][] = ['running', 'queued', 'paused', 'interrupted', 'failed', 'finished'];

/** Status and method filters, each option with its count. */
export function RunFilters({ runs, filter, onChange }: { runs: readonly Run[]; filter: RunFilter; onChange(filter: RunFilter): void }) {
  const id = useId();
  const byStatus = countBy(runs, 'status');
  const byMethod = countBy(runs, 'method');
  const methods = [...new Set([...METHOD_IDS.filter((m) => byMethod.has(m)), ...byMethod.keys()])];
  return (
    <div className="run-filters" role="group" aria-label="Filter runs">
      <div className="filter">
        <label htmlFor={`${id}-status`}>Status</label>
        <select id={`${id}-status`} value={filter.status} onChange={(e) => onChange({ ...filter, status: e.target.value as RunFilter['status'] })}>
          <option value="all">All ({runs.length})</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s)} ({byStatus.get(s) ?? 0})
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor={`${id}-method`}>Method</label>
        <select id={`${id}-method`} value={filter.method} onChange={(e) => onChange({ ...filter, method: e.target.value })}>
          <option value="all">All ({runs.length})</option>
          {methods.map((m) => (
            <option key={m} value={m}>
              {methodLabel(m)} ({byMethod.get(m) ?? 0})
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
