import { useEffect, useRef, useState } from 'react';
import type { Run } from '../../../app/api/schemas/runs';
import { useApi, useConnection } from '../api/ApiContext';
import { MetricStore } from './model/series';
import { isLive } from './usePolling';

export const METRIC_POLL_MS = 1000;

export interface MetricStream {
  readonly store: MetricStore;
  /** Bumped whenever the store changed: charts redraw on it. */
  readonly version: number;
  readonly error: Error | undefined;
}

/**
 * The metric series of a run, kept in one MetricStore for the run's lifetime on screen: the first request loads the
 * whole history, then, while the run is live, a request every second asks only for the steps after the last one held
 * (`sinceStep`) and appends them. When a run goes live again (a resume, which re-trains the steps after its last
 * checkpoint) the points after that checkpoint are dropped and fetched anew.
 */
export function useMetricStream(run: Run | undefined): MetricStream {
  const api = useApi();
  const opens = useConnection().opens;
  const storeRef = useRef<MetricStore>(new MetricStore());
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<Error>();
  const id = run?.id;
  const live = run ? isLive(run.status) : false;
  const stepsDone = run?.stepsDone ?? 0;
  const checkpointRef = useRef(run?.lastCheckpointStep ?? 0);
  checkpointRef.current = run?.lastCheckpointStep ?? 0;

  // A different run starts from an empty store.
  useEffect(() => {
    storeRef.current = new MetricStore();
    setVersion((v) => v + 1);
  }, [id]);

  useEffect(() => {
    if (id === undefined) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const store = storeRef.current;
    // (Re)starting to follow a training run: a resume re-trains everything after the last checkpoint.
    if (live && store.truncateAfter(checkpointRef.current)) setVersion((v) => v + 1);
    const tick = async () => {
      try {
        const series = await api.call('runs.metrics', { id, sinceStep: store.lastStep }, { signal: controller.signal });
        if (controller.signal.aborted) return;
        if (store.merge(series)) setVersion((v) => v + 1);
        setError(undefined);
      } catch (err) {
        if (controller.signal.aborted) return;
        setError(err instanceof Error ? err : new Error(String(err)));
      }
      if (live) timer = setTimeout(tick, METRIC_POLL_MS);
    };
    void tick();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
    // stepsDone changing (e.g. a final step after a stop) triggers one more fetch once the run is no longer live.
  }, [api, id, live, opens, live ? 0 : stepsDone]);

  return { store: storeRef.current, version, error };
}
