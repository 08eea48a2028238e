import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ProbeResult } from '../../../app/api/contract';
import { useApi } from '../api/ApiContext';
import type { Progress } from '../api/client';
import { errorMessage, isCancelled } from '../api/fieldErrors';
import { formatDuration, formatRate } from '../common/format';

type ProbeState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running'; readonly progress?: Progress }
  | { readonly kind: 'done'; readonly result: ProbeResult }
  | { readonly kind: 'cancelled'; readonly progress?: Progress }
  | { readonly kind: 'failed'; readonly message: string };

/** Runs compute.probe with live progress and a Cancel button: the contract's streaming and cancellation, end to end. */
export function ProbePanel() {
  const api = useApi();
  const [size, setSize] = useState(512);
  const [repeats, setRepeats] = useState(20);
  const [state, setState] = useState<ProbeState>({ kind: 'idle' });
  const controllerRef = useRef<AbortController | null>(null);

  // Closing the popover stops a running probe rather than leaving work behind that nobody watches.
  useEffect(() => () => controllerRef.current?.abort(), []);

  const start = async (e: FormEvent) => {
    e.preventDefault();
    const controller = new AbortController();
    controllerRef.current = controller;
    let last: Progress | undefined;
    setState({ kind: 'running' });
    try {
      const result = await api.call(
        'compute.probe',
        { size, repeats },
        {
          signal: controller.signal,
          onProgress: (progress) => {
            last = progress;
            setState({ kind: 'running', progress });
          },
        },
      );
      setState({ kind: 'done', result });
    } catch (err) {
      setState(isCancelled(err) ? { kind: 'cancelled', progress: last } : { kind: 'failed', message: errorMessage(err) });
    } finally {
      if (controllerRef.current === controller) controllerRef.current = null;
    }
  };

  const running = state.kind === 'running';
  const progress = state.kind === 'running' ? state.progress : undefined;

  return (
    <form className="probe" aria-label="Backend probe" onSubmit={start}>
      <div className="probe-inputs">
        <label>
          Matrix size
          <input type="number" min={16} max={4096} step={16} value={size} disabled={running} onChange={(e) => setSize(Number(e.target.value))} />
        </label>
        <label>
          Repeats
          <input type="number" min={1} max={1000} value={repeats} disabled={running} onChange={(e) => setRepeats(Number(e.target.value))} />
        </label>
        {/* Distinct keys: reusing one <button> would turn Cancel into a submit button mid-click and restart the probe. */}
        {running ? (
          <button key="cancel" type="button" onClick={() => controllerRef.current?.abort()}>
            Cancel
          </button>
        ) : (
          <button key="start" type="submit" className="primary">
            Probe backend
          </button>
        )}
      </div>
      {running && (
        <div className="probe-progress">
          <progress
            aria-label="Probe progress"
            max={progress?.total ?? undefined}
            value={progress && progress.total !== null ? progress.done : undefined}
          />
          <span data-testid="probe-progress-text">
            {progress
              ? `${progress.done} / ${progress.total ?? '?'} matmuls · ${formatRate(progress.rate)}/s · ETA ${formatDuration(progress.etaSeconds)}`
              : 'Starting…'}
          </span>
        </div>
      )}
      <p className="probe-outcome" role="status" aria-live="polite">
        {state.kind === 'done' &&
          `${state.result.gflops.toFixed(2)} GFLOP/s on ${state.result.backend} (${state.result.threads} threads): ${state.result.millisPerMatmul.toFixed(1)} ms per ${state.result.size}×${state.result.size} matmul.`}
        {state.kind === 'cancelled' && `Probe cancelled${state.progress ? ` after ${state.progress.done} of ${state.progress.total ?? '?'} matmuls` : ''}.`}
        {state.kind === 'failed' && <span className="error-text">{state.message}</span>}
      </p>
    </form>
  );
}
