import { useCallback, useEffect, useRef, useState } from 'react';
import type { Run } from '../../../app/api/schemas/runs';
import { useApi, useConnection } from '../api/ApiContext';

/** Statuses in which a run changes on its own (the trainer works or is about to). */
export const isLive = (status: Run['status']): boolean => status === 'running' || status === 'queued';

export interface Polled<T> {
  readonly data: T | undefined;
  readonly error: Error | undefined;
  /** Fetches now and, if the result is live, keeps polling. */
  reload(): void;
  /** Shows a result an action returned until the next poll. */
  set(value: T): void;
}

/**
 * Loads `load()` and polls it every `intervalMs` while `live(result)`; one request at a time, none after unmount.
 * Reloads when the connection reopens. Errors retry at a slower pace.
 */
export function usePolled<T>(key: string, load: (signal: AbortSignal) => Promise<T>, live: (value: T) => boolean, intervalMs: number): Polled<T> {
  const opens = Math.max(1, useConnection().opens);
  const [data, setData] = useState<T>();
  const [error, setError] = useState<Error>();
  const [nonce, setNonce] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const liveRef = useRef(live);
  liveRef.current = live;

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const value = await loadRef.current(controller.signal);
        if (controller.signal.aborted) return;
        setData(value);
        setError(undefined);
        if (liveRef.current(value)) timer = setTimeout(tick, intervalMs);
      } catch (err) {
        if (controller.signal.aborted) return;
        setError(err instanceof Error ? err : new Error(String(err)));
        timer = setTimeout(tick, Math.max(3000, intervalMs));
      }
    };
    void tick();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [key, opens, nonce, intervalMs]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { data, error, reload, set: setData };
}

/** One run, polled every second while it trains or waits in the queue. */
export function useRun(id: number): Polled<Run> {
  const api = useApi();
  return usePolled(`run:${id}`, (signal) => api.call('runs.get', { id }, { signal }), (r) => isLive(r.status), 1000);
}

/** A project's runs, polled every two seconds while any of them trains or waits. */
export function useRunList(projectId: number): Polled<Run[]> {
  const api = useApi();
  return usePolled(`runs:${projectId}`, (signal) => api.call('runs.list', { projectId }, { signal }), (runs) => runs.some((r) => isLive(r.status)), 2000);
}
