import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProbeResult } from '../../../app/api/contract';
import { useApi } from '../api/ApiContext';
import { errorMessage, isCancelled } from '../api/fieldErrors';

/** A short matmul probe: 8 multiplies of 512×512 take well under a second on one CPU thread. */
export const PROBE_INPUT = { size: 512, repeats: 8 } as const;

export type ProbeState = { readonly kind: 'idle' | 'running' } | { readonly kind: 'done'; readonly result: ProbeResult; readonly at: number } | { readonly kind: 'failed'; readonly message: string };

// One probe per window serves every visit of the Train page until asked again.
let cached: ProbeState = { kind: 'idle' };

/** Runs compute.probe once when first needed (and on request), keeping the result for the session. */
export function useProbe(): { state: ProbeState; probe(): void } {
  const api = useApi();
  const [state, setState] = useState<ProbeState>(cached);
  const controllerRef = useRef<AbortController | null>(null);

  const probe = useCallback(() => {
    controllerRef.current?.abort();
    const controller = new AbortController();
    controllerRef.current = controller;
    setState((cached = { kind: 'running' }));
    api.call('compute.probe', PROBE_INPUT, { signal: controller.signal }).then(
      (result) => {
        if (controllerRef.current === controller) setState((cached = { kind: 'done', result, at: Date.now() }));
      },
      (err: unknown) => {
        if (isCancelled(err)) {
          if (controllerRef.current === controller) setState((cached = { kind: 'idle' }));
          return;
        }
        if (controllerRef.current === controller) setState((cached = { kind: 'failed', message: errorMessage(err) }));
      },
    );
  }, [api]);

  useEffect(() => {
    if (cached.kind === 'idle') probe();
    return () => {
      // Leaving mid-probe: cancel it, and let the next visit start afresh.
      const controller = controllerRef.current;
      controllerRef.current = null;
      if (controller && !controller.signal.aborted) {
        controller.abort();
        if (cached.kind === 'running') cached = { kind: 'idle' };
      }
    };
  }, [probe]);

  return { state, probe };
}
