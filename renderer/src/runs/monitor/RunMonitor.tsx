import { useEffect, useState } from 'react';
import type { Run } from '../../../../app/api/schemas/runs';
import { FormError } from '../../common/FormError';
import { formatDateTime } from '../../common/format';
import { RunCharts } from '../charts/RunCharts';
import { methodLabel } from '../model/presets';
import { useMetricStream } from '../useMetricStream';
import { ModelSees } from '../sees/ModelSees';
import { useRun } from '../usePolling';
import { ExportDialog } from './ExportDialog';
import { ProgressHeader } from './ProgressHeader';
import { runProgress } from './progress';
import { RunControls } from './RunControls';
import { RunLog } from './RunLog';
import { StatusBadge } from './StatusBadge';

interface RunMonitorProps {
  readonly runId: number;
  /** The run as a list already has it, shown until the first poll answers. */
  readonly initial?: Run;
  /** Called with every new state of the run (lists stay in step with the monitor). */
  readonly onRunChanged?: (run: Run) => void;
  readonly headingLevel?: 2 | 3;
}

/** Live view of one run: status and controls, progress, every metric as a chart, and for failed runs the error and log. */
export function RunMonitor({ runId, initial, onRunChanged, headingLevel = 2 }: RunMonitorProps) {
  const polled = useRun(runId);
  const run = polled.data?.id === runId ? polled.data : initial?.id === runId ? initial : undefined;
  const stream = useMetricStream(run);
  const [exporting, setExporting] = useState(false);

  useEffect(() => {
    if (polled.data) onRunChanged?.(polled.data);
    // Only a new state of the run matters, not a new callback identity.
  }, [polled.data]);

  if (!run) {
    return polled.error ? <FormError>Could not load run {runId}: {polled.error.message}</FormError> : <p className="muted">Loading run…</p>;
  }
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const progress = runProgress(run, stream.store, Date.now());
  return (
    <section className="monitor" aria-label={`Run monitor: ${run.name}`} data-run-id={run.id}>
      <header className="monitor-head">
        <Heading className="monitor-title">{run.name}</Heading>
        <StatusBadge status={run.status} />
        <span className="muted monitor-meta">
          {methodLabel(run.method)} · {String(run.config.backbone ?? '')} · seed {run.seed} · {run.images} images · created {formatDateTime(run.createdAt)}
        </span>
        <RunControls
          run={run}
          onChanged={(r) => {
            polled.set(r);
            polled.reload();
          }}
        />
        <button
          type="button"
          onClick={() => setExporting(true)}
          disabled={run.checkpoints === 0}
          title={run.checkpoints === 0 ? 'Available after the first checkpoint' : 'Export the backbone for timm and TensorFlow.js'}
        >
          Export…
        </button>
      </header>
      <ProgressHeader run={run} progress={progress} />
      {run.status === 'failed' && run.error && (
        <div className="run-error" role="alert">
          <strong>Training failed:</strong> {run.error}
        </div>
      )}
      {polled.error && <FormError>Lost track of the run: {polled.error.message}</FormError>}
      {stream.error && <FormError>Could not load metrics: {stream.error.message}</FormError>}
      <RunCharts runId={run.id} store={stream.store} version={stream.version} />
      <ModelSees run={run} />
      <RunLog run={run} open={run.status === 'failed'} />
      {exporting && <ExportDialog run={run} onClose={() => setExporting(false)} />}
    </section>
  );
}
