import { useId, useState } from 'react';
import type { FeatureSourceRef } from '../../../../app/api/schemas/explore';
import { useApiQuery } from '../../api/useApiQuery';
import { FormError } from '../../common/FormError';
import { latestPerSource } from '../model/report';
import { sourceKey } from '../model/sources';
import { defaultTemplateId } from '../model/templates';
import { OperationStatus } from '../OperationStatus';
import type { ChosenSource, ExploreScope } from '../scope';
import { TemplateSelect } from '../TemplateSelect';
import { useOperation } from '../useOperation';
import { KdePlot } from './KdePlot';
import { ReportTable } from './ReportTable';

/**
 * The model report (compositionality, decompositionality, retrieval, landmark error) for the chosen source and the
 * two baselines, stored per project and compared in one table.
 */
export function ReportTab({ scope }: { scope: ExploreScope }) {
  const id = useId();
  const reports = useApiQuery('explore.reports', { projectId: scope.projectId });
  // null: the user chose no template; undefined: not chosen yet (the first annotated one, if any).
  const [pickedTemplate, setPickedTemplate] = useState<number | null>();
  const templateId = pickedTemplate === null ? undefined : (pickedTemplate ?? defaultTemplateId(scope.templates.filter((t) => t.annotationCount > 0)));
  const [showAll, setShowAll] = useState(false);
  const [computing, setComputing] = useState<string>();
  const op = useOperation('explore.report');

  const compute = async (source: ChosenSource) => {
    setComputing(source.label);
    const done = await op.run({ projectId: scope.projectId, source: source.ref, datasetId: scope.dataset.id, templateId, seed: 0 });
    if (done) reports.reload();
  };

  const rows = reports.data ? (showAll ? reports.data : latestPerSource(reports.data)) : [];
  const busy = op.state.running;
  return (
    <div className="report">
      <div className="explore-form" role="group" aria-label="Compute a model report">
        <TemplateSelect id={`${id}-template`} label="Landmark template (optional)" optional templates={scope.templates} value={templateId} onChange={(id) => setPickedTemplate(id ?? null)} />
        <div className="field actions report-buttons">
          <button type="button" className="primary" disabled={busy || !scope.source || scope.blocked !== undefined} onClick={() => scope.source && void compute(scope.source)}>
            Compute report{scope.source ? ` for ${scope.source.label}` : ''}
          </button>
          {baselines(scope).map((b) => (
            <button key={b.label} type="button" disabled={busy || b.unavailable !== null} title={b.unavailable ?? undefined} onClick={() => void compute(b)}>
              Baseline: {b.label}
            </button>
          ))}
        </div>
      </div>
      <p className="hint muted">
        Uses the images of {scope.dataset.name}; with a template, also the landmark error over its annotated pairs. Reports are kept per project.
      </p>
      <OperationStatus label={`Report${computing ? ` for ${computing}` : ''}`} state={op.state} onCancel={op.cancel} />
      {reports.error && <FormError>Could not load the reports: {reports.error.message}</FormError>}
      <div className="section-bar">
        <h2>Reports</h2>
        <label className="check">
          <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} />
          Show every report (not only the newest per source)
        </label>
      </div>
      {rows.length === 0 ? (
        <p className="muted">{reports.loading ? 'Loading reports…' : 'No reports yet: compute one for a run and the baselines to compare them.'}</p>
      ) : (
        <>
          <ReportTable reports={rows} />
          <KdePlot reports={rows} />
        </>
      )}
    </div>
  );
}

/**
 * The two baselines as the project offers them (random copies the chosen run's architecture when it can), less the
 * chosen source itself.
 */
function baselines(scope: ExploreScope): (ChosenSource & { unavailable: string | null })[] {
  const likeRunId = scope.source?.ref.kind === 'run' ? scope.source.ref.runId : undefined;
  const pick = (match: (ref: FeatureSourceRef) => boolean) => scope.sources.find((s) => match(s.ref));
  const random =
    pick((r) => r.kind === 'random' && r.likeRunId === likeRunId && likeRunId !== undefined) ?? pick((r) => r.kind === 'random' && r.likeRunId === undefined);
  const pixels = pick((r) => r.kind === 'pixels');
  const chosenKey = scope.source && sourceKey(scope.source.ref);
  return [random, pixels].flatMap((s) => (s && sourceKey(s.ref) !== chosenKey ? [{ ref: s.ref, label: s.label, unavailable: s.unavailable }] : []));
}
