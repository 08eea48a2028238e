import type { DatasetProgress } from '../../../app/api/schemas/annotations';
import { formatCount, formatSeconds } from '../common/format';

/** Dataset progress for the session's template and annotator: done/total, the other statuses, time, suggestions. */
export function ProgressPanel({ progress, compact }: { progress: DatasetProgress | undefined; compact?: boolean }) {
  if (!progress) return <p className="muted">Loading progress…</p>;
  const { total, done, inProgress, skipped, notStarted, medianSecondsPerImage, suggestions } = progress;
  const percent = total > 0 ? Math.round((done / total) * 100) : 0;
  return (
    <section className={compact ? 'progress-panel compact' : 'progress-panel'} aria-label="Dataset progress">
      <div className="progress-line">
        <progress max={Math.max(1, total)} value={done} aria-label="Images done" />
        <span data-testid="progress-done">
          {formatCount(done)} / {formatCount(total)} done
        </span>
        <span className="muted">{percent}%</span>
      </div>
      <dl className="progress-stats">
        <div>
          <dt>In progress</dt>
          <dd>{formatCount(inProgress)}</dd>
        </div>
        <div>
          <dt>Not started</dt>
          <dd>{formatCount(notStarted)}</dd>
        </div>
        <div>
          <dt>Skipped</dt>
          <dd>{formatCount(skipped)}</dd>
        </div>
        <div>
          <dt>Median time / image</dt>
          <dd data-testid="progress-median">{formatSeconds(medianSecondsPerImage)}</dd>
        </div>
        {suggestions.accepted > 0 && (
          <>
            <div>
              <dt>Suggestions accepted</dt>
              <dd data-testid="progress-suggestions">{formatCount(suggestions.accepted)}</dd>
            </div>
            <div title="How far annotators moved accepted suggestions, in original pixels: a measure of the suggestions' quality.">
              <dt>Moved (median · mean)</dt>
              <dd data-testid="progress-moved">
                {suggestions.medianMovedPx?.toFixed(1) ?? '—'} · {suggestions.meanMovedPx?.toFixed(1) ?? '—'} px
              </dd>
            </div>
          </>
        )}
      </dl>
    </section>
  );
}
