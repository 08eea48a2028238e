import { formatCount, formatDuration } from '../common/format';
import { EFFICIENCY, estimateSecondsPerStep, stepFlops, type FlopShape } from '../runs/model/flops';
import type { ProbeState } from './useProbe';

interface EstimatePanelProps {
  readonly shape: FlopShape | null;
  readonly stepsPerEpoch: number;
  readonly stepsTotal: number | null;
  readonly probe: ProbeState;
  onProbe(): void;
}

function fmtSeconds(s: number): string {
  return s < 1 ? `${Math.round(s * 1000)} ms` : s < 60 ? `${s.toFixed(1)} s` : formatDuration(s);
}

/**
 * Time per step, per epoch and for the whole run, estimated from the FLOPs of the chosen ViT and the matmul
 * throughput of a short probe of the active backend (see runs/model/flops.ts for the formula). An estimate: it says so.
 */
export function EstimatePanel({ shape, stepsPerEpoch, stepsTotal, probe, onProbe }: EstimatePanelProps) {
  const gflops = probe.kind === 'done' ? probe.result.gflops : undefined;
  const gpu = probe.kind === 'done' && probe.result.backend === 'tensorflow-gpu';
  const perStep = shape ? estimateSecondsPerStep(shape, gflops, gpu) : null;
  const flops = shape ? stepFlops(shape) : null;
  return (
    <div className="estimate" aria-labelledby="estimate-title" data-testid="estimate">
      <div className="estimate-head">
        <h3 id="estimate-title">Estimate</h3>
        <button type="button" onClick={onProbe} disabled={probe.kind === 'running'}>
          {probe.kind === 'running' ? 'Probing…' : 'Probe again'}
        </button>
      </div>
      <p className="estimate-main" role="status" aria-live="polite">
        {perStep !== null ? (
          <>
            ≈ <strong data-testid="estimate-step">{fmtSeconds(perStep)}</strong> per step
            {stepsPerEpoch > 0 && (
              <>
                {' '}
                · <strong>{fmtSeconds(perStep * stepsPerEpoch)}</strong> per epoch ({formatCount(stepsPerEpoch)} steps)
              </>
            )}
            {stepsTotal !== null && stepsTotal > 0 && (
              <>
                {' '}
                · <strong>{fmtSeconds(perStep * stepsTotal)}</strong> for {formatCount(stepsTotal)} steps
              </>
            )}
          </>
        ) : probe.kind === 'running' ? (
          'Probing the backend…'
        ) : probe.kind === 'failed' ? (
          <span className="error-text">The probe failed: {probe.message}</span>
        ) : !shape ? (
          'Complete the form for an estimate.'
        ) : (
          '—'
        )}
      </p>
      <p className="hint muted">
        {flops !== null && <>{(flops / 1e9).toFixed(flops < 1e10 ? 2 : 0)} GFLOP per step (matmuls of the ViT and heads, forward + backward). </>}
        {probe.kind === 'done' && (
          <>
            Probe: {probe.result.gflops.toFixed(1)} GFLOP/s on {probe.result.backend} ({probe.result.threads} thread{probe.result.threads === 1 ? '' : 's'}); assumes{' '}
            {Math.round(EFFICIENCY * 100)}% of it while training, plus a fixed cost per block and micro-batch. A rough estimate.
          </>
        )}
      </p>
    </div>
  );
}
