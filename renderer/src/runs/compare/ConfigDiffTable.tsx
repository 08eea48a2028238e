import { useId, useState } from 'react';
import type { Run } from '../../../../app/api/schemas/runs';
import { colorAt } from '../charts/palette';
import { configDiff } from '../model/configDiff';

/** What describes a run besides its training config: data, backend and code. */
function describedConfig(run: Run): Record<string, unknown> {
  return {
    ...run.config,
    datasets: run.datasetIds.join(', '),
    images: run.images,
    dataHash: run.dataHash ? run.dataHash.slice(0, 12) : null,
    backend: run.backend,
    codeVersion: run.codeVersion,
  };
}

/** Every configuration key of the compared runs side by side; keys whose values differ are highlighted (and can be shown alone). */
export function ConfigDiffTable({ runs }: { runs: readonly Run[] }) {
  const id = useId();
  const [onlyDiff, setOnlyDiff] = useState(false);
  const rows = configDiff(runs.map(describedConfig));
  const differing = rows.filter((r) => r.differs).length;
  // Differences first, so they are seen without scrolling; the rest keeps the config's order.
  const shown = onlyDiff ? rows.filter((r) => r.differs) : [...rows.filter((r) => r.differs), ...rows.filter((r) => !r.differs)];
  return (
    <div className="config-diff">
      <div className="section-bar">
        <h3 id={`${id}-title`}>Configuration</h3>
        <span className="muted" data-testid="diff-count">
          {differing === 0 ? 'No differences' : `${differing} of ${rows.length} keys differ`}
        </span>
        <label className="check">
          <input type="checkbox" checked={onlyDiff} onChange={(e) => setOnlyDiff(e.target.checked)} />
          Only differences
        </label>
      </div>
      <div className="diff-scroll">
        <table className="table compact diff-table" aria-labelledby={`${id}-title`}>
          <thead>
            <tr>
              <th scope="col">Key</th>
              {runs.map((r, i) => (
                <th scope="col" key={r.id}>
                  <span className="swatch" style={{ background: colorAt(i) }} aria-hidden="true" />
                  {r.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.key} className={row.differs ? 'differs' : undefined} data-key={row.key} data-differs={row.differs}>
                <th scope="row">
                  {row.key}
                  {row.differs && <span className="visually-hidden"> (differs)</span>}
                </th>
                {row.values.map((v, i) => (
                  <td key={runs[i]!.id}>{v}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
