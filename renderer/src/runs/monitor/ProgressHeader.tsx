import type { Run } from '../../../../app/api/schemas/runs';
import { formatCount, formatDuration, formatRate } from '../../common/format';
import type { RunProgress } from './progress';

function Stat({ label, testId, children }: { label: string; testId: string; children: React.ReactNode }) {
  return (
    <div className="stat" data-testid={testId}>
      <dt>{label}</dt>
      {/* The full text on hover when a narrow column cuts it. */}
      <dd ref={(el) => void (el && (el.title = el.textContent ?? ''))}>{children}</dd>
    </div>
  );
}

/** Step, epoch, throughput, ETA, elapsed, backend, memory and checkpoints of a run, in one dense row. */
export function ProgressHeader({ run, progress }: { run: Run; progress: RunProgress }) {
  const p = progress;
  const fraction = p.stepsTotal > 0 ? Math.min(1, p.stepsDone / p.stepsTotal) : 0;
  return (
    <div className="run-progress">
      <progress className="run-progress-bar" max={1} value={fraction} aria-label={`Progress: step ${p.stepsDone} of ${p.stepsTotal}`} />
      <dl className="stats">
        <Stat label="Step" testId="stat-step">
          {formatCount(p.stepsDone)} / {formatCount(p.stepsTotal)}
        </Stat>
        <Stat label="Epoch" testId="stat-epoch">
          {p.epoch !== null ? `${p.epoch}${p.epochs !== null ? ` / ${p.epochs}` : ''}` : '—'}
        </Stat>
        <Stat label="Images/s" testId="stat-throughput">
          {p.imagesPerSecond !== null ? formatRate(p.imagesPerSecond) : '—'}
        </Stat>
        <Stat label="ETA" testId="stat-eta">
          {run.status === 'running' ? formatDuration(p.etaSeconds) : '—'}
        </Stat>
        <Stat label="Elapsed" testId="stat-elapsed">
          {formatDuration(p.elapsedSeconds)}
        </Stat>
        <Stat label="Backend" testId="stat-backend">
          {run.backend ?? '—'}
        </Stat>
        <Stat label="Memory" testId="stat-memory">
          {p.memoryMB !== null ? `${formatCount(Math.round(p.memoryMB))} MB` : '—'}
        </Stat>
        <Stat label="Checkpoints" testId="stat-checkpoints">
          {run.checkpoints}
          {run.lastCheckpointStep !== null && <span className="muted"> (last at step {formatCount(run.lastCheckpointStep)})</span>}
        </Stat>
      </dl>
    </div>
  );
}
