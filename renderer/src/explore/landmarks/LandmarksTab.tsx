import { useId, useState, type FormEvent } from 'react';
import type { LandmarkEvalOutput } from '../../../../app/api/schemas/explore';
import { NumberField } from '../../train/NumberField';
import { parseWhole } from '../model/settings';
import { formatPercent, formatPx } from '../model/report';
import { defaultTemplateId } from '../model/templates';
import { OperationStatus } from '../OperationStatus';
import type { ExploreScope } from '../scope';
import { NoAnnotations, TemplateSelect } from '../TemplateSelect';
import { useOperation } from '../useOperation';
import { BoxPlot } from './BoxPlot';
import { LandmarkTable } from './LandmarkTable';
import { WorstCases } from './WorstCases';

type Case = LandmarkEvalOutput['worst'][number];

/**
 * Landmark transfer between annotated images of the dataset: the template's points on each query are found on its key
 * and compared with the key's own annotation.
 */
export function LandmarksTab({ scope, onOpenCase }: { scope: ExploreScope; onOpenCase(c: Case): void }) {
  const id = useId();
  const [pickedTemplate, setTemplateId] = useState<number>();
  const templateId = pickedTemplate ?? defaultTemplateId(scope.templates);
  const [maxPairs, setMaxPairs] = useState('20');
  const [seed, setSeed] = useState('0');
  const op = useOperation('explore.landmarks');
  const pairs = parseWhole(maxPairs, 1, 500, 'Pairs');
  const seedValue = parseWhole(seed, 0, 2 ** 31 - 1, 'Seed');
  const names = new Map(scope.images.map((i) => [i.id, i.fileName]));
  const result = op.state.result;

  const run = (e: FormEvent) => {
    e.preventDefault();
    if (!scope.source || templateId === undefined || pairs.value === undefined || seedValue.value === undefined) return;
    void op.run({ source: scope.source.ref, settings: scope.settings, templateId, datasetId: scope.dataset.id, maxPairs: pairs.value, seed: seedValue.value });
  };

  const unannotated = scope.templates.find((t) => t.id === templateId)?.annotationCount === 0;
  const ready = scope.blocked === undefined && templateId !== undefined && !unannotated && pairs.value !== undefined && seedValue.value !== undefined;
  return (
    <div className="landmarks">
      <form className="explore-form" aria-label="Landmark evaluation" onSubmit={run} noValidate>
        <TemplateSelect id={`${id}-template`} templates={scope.templates} value={templateId} onChange={setTemplateId} />
        <NumberField id={`${id}-pairs`} label="Max pairs" value={maxPairs} error={pairs.error} onChange={setMaxPairs} />
        <NumberField id={`${id}-seed`} label="Seed" value={seed} error={seedValue.error} onChange={setSeed} />
        <div className="field actions">
          <button type="submit" className="primary" disabled={!ready || op.state.running}>
            Evaluate landmarks
          </button>
        </div>
      </form>
      {unannotated && <NoAnnotations />}
      <OperationStatus label="Landmark evaluation" state={op.state} onCancel={op.cancel} />
      {result && (
        <>
          <p className="result-summary" role="status">
            {result.sourceLabel}: {result.pairs} pairs, mean error {formatPx(result.overall.meanPx)} (unchanged position {formatPx(result.unchanged.meanPx)}), PCK@50{' '}
            {formatPercent(result.overall.pck50)} · {Math.round(result.elapsedMs)} ms
          </p>
          <div className="landmarks-results">
            <LandmarkTable result={result} />
            <BoxPlot stats={result.perLandmark} />
          </div>
          <WorstCases cases={result.worst} nameOf={(imageId) => names.get(imageId) ?? `image ${imageId}`} onOpen={onOpenCase} />
        </>
      )}
    </div>
  );
}
