import { useEffect, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { Run, RunPreview, SimilarityMap } from '../../../../app/api/schemas/runs';
import { useApi } from '../../api/ApiContext';
import { errorMessage } from '../../api/fieldErrors';
import { FormError } from '../../common/FormError';
import { isLive, usePolled } from '../usePolling';
import { HeatCanvas } from './HeatCanvas';

interface Point {
  readonly x: number;
  readonly y: number;
}

const ARROWS: Readonly<Record<string, readonly [number, number]>> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

/** The run's latest probe preview, fetched again when a checkpoint is recorded until the preview of it is there. */
function usePreview(run: Run) {
  const api = useApi();
  return usePolled<RunPreview | null>(
    `preview:${run.id}:${run.lastCheckpointStep ?? 0}`,
    (signal) => api.call('runs.preview', { id: run.id }, { signal }),
    (p) => isLive(run.status) && (p?.step ?? -1) < (run.lastCheckpointStep ?? 0),
    1500,
  );
}

/** The teacher's similarity to the token under `point`, again for every new preview step. */
function useSimilarity(run: Run, preview: RunPreview | null | undefined, point: Point | undefined) {
  const api = useApi();
  const [map, setMap] = useState<SimilarityMap>();
  const [error, setError] = useState<string>();
  const step = preview?.step;
  useEffect(() => {
    if (!point || step === undefined) return;
    const controller = new AbortController();
    api.call('runs.previewSimilarity', { id: run.id, x: point.x, y: point.y }, { signal: controller.signal }).then(
      (m) => {
        setMap(m);
        setError(undefined);
      },
      (err: unknown) => {
        if (!controller.signal.aborted) setError(errorMessage(err));
      },
    );
    return () => controller.abort();
  }, [api, run.id, point, step]);
  return { map, error };
}

const percent = (v: number): string => `${(100 * v).toFixed(0)} %`;
const cssPercent = (v: number): string => `${100 * v}%`;

/**
 * What the backbone makes of a fixed probe image, refreshed at every preview step: the probe, the PCA of its patch
 * tokens as colours, and — for a point clicked on the probe — the similarity of every token to the one there.
 */
export function ProbePreview({ run }: { run: Run }) {
  const preview = usePreview(run);
  const [point, setPoint] = useState<Point>();
  const p = preview.data;
  const similarity = useSimilarity(run, p, point);

  const pick = (e: MouseEvent<HTMLElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) setPoint({ x: Math.min(1, Math.max(0, (e.clientX - r.left) / r.width)), y: Math.min(1, Math.max(0, (e.clientY - r.top) / r.height)) });
  };
  const step = (e: KeyboardEvent<HTMLElement>) => {
    const move = ARROWS[e.key];
    if (!move || !p) return;
    e.preventDefault();
    const from = point ?? { x: 0.5, y: 0.5 };
    setPoint({ x: Math.min(1, Math.max(0, from.x + move[0] / p.cols)), y: Math.min(1, Math.max(0, from.y + move[1] / p.rows)) });
  };

  if (preview.error && !p) return <FormError>Could not load the probe preview: {preview.error.message}</FormError>;
  if (p === undefined) return <p className="muted">Loading the probe preview…</p>;
  if (p === null) {
    return (
      <p className="muted sees-empty" data-testid="preview-empty">
        The probe preview appears with the first checkpoint: the teacher’s features of the run’s first image, every {String(run.config.checkpointEvery ?? '')} steps.
      </p>
    );
  }
  const marker = point && <span className="sees-marker" style={{ left: cssPercent(point.x), top: cssPercent(point.y) }} aria-hidden="true" />;
  const map = similarity.map?.rows === p.rows ? similarity.map : undefined;
  return (
    <div className="sees-block" role="group" aria-label="Probe preview" data-step={p.step}>
      <div className="sees-bar">
        <h4>
          Probe image at step {p.step.toLocaleString('en-US')}
        </h4>
        <span className="muted">
          {p.weights} backbone · {p.rows}×{p.cols} tokens of {p.dim} · PCA explains {p.explained.map(percent).join(' / ')} · {p.ms} ms per preview
        </span>
      </div>
      <div className="sees-panels">
        <figure className="sees-panel">
          <div className="sees-image pickable" role="button" tabIndex={0} aria-label="Probe image: click a point to see what the model finds similar" onClick={pick} onKeyDown={step} data-testid="probe-image">
            <img className="sees-layer" src={p.probe} alt="" draggable={false} />
            {marker}
          </div>
          <figcaption>Probe (image {p.probeImageId ?? '?'}, {p.inputSize} px as the network sees it)</figcaption>
        </figure>
        <figure className="sees-panel">
          <div className="sees-image">
            <img className="sees-layer pixelated" src={p.pca} alt="PCA of the patch tokens as colours" data-testid="pca-map" />
          </div>
          <figcaption>Patch features: first three principal components as red, green, blue</figcaption>
        </figure>
        <figure className="sees-panel">
          <div className="sees-image pickable" onClick={pick} aria-hidden="true">
            <img className="sees-layer" src={p.probe} alt="" draggable={false} />
            {map && <HeatCanvas map={map} />}
            {marker}
          </div>
          <figcaption>{map ? `Similarity to token (${map.row}, ${map.col}): dark low, bright high` : 'Click the probe image to see the similarity map'}</figcaption>
        </figure>
      </div>
      {similarity.error && <FormError>Could not compute the similarity map: {similarity.error}</FormError>}
    </div>
  );
}
