import { useEffect, useRef, useState } from 'react';
import type { Run } from '../../../../app/api/schemas/runs';
import { useApi } from '../../api/ApiContext';
import { SeriesBuffer } from '../model/series';
import { isLive } from '../usePolling';

const POLL_MS = 2000;

/**
 * One metric of several runs, each as a SeriesBuffer fed incrementally (sinceStep) — every two seconds while any
 * of the runs is live, once otherwise. A new metric or a new set of runs starts over.
 */
export function useCompareSeries(runs: readonly Run[], metric: string): { series: Map<number, SeriesBuffer>; version: number; error?: string } {
  const api = useApi();
  const buffers = useRef(new Map<number, SeriesBuffer>());
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string>();
  const ids = runs.map((r) => r.id).join(',');
  const anyLive = runs.some((r) => isLive(r.status));

  useEffect(() => {
    buffers.current = new Map();
    setVersion((v) => v + 1);
  }, [ids, metric]);

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const map = buffers.current;
    const list = ids.split(',').filter(Boolean).map(Number);
    const tick = async () => {
      try {
        const results = await Promise.all(
          list.map((id) => api.call('runs.metrics', { id, names: [metric], sinceStep: map.get(id)?.lastStep ?? 0 }, { signal: controller.signal })),
        );
        if (controller.signal.aborted) return;
        let changed = false;
        results.forEach((series, i) => {
          const id = list[i]!;
          let buf = map.get(id);
          if (!buf) map.set(id, (buf = new SeriesBuffer(metric)));
          for (const s of series) {
            if (s.steps.length === 0) continue;
            buf.append(s.steps, s.values, s.wallTimes);
            changed = true;
          }
        });
        if (changed) setVersion((v) => v + 1);
        setError(undefined);
      } catch (err) {
        if (controller.signal.aborted) return;
        setError(err instanceof Error ? err.message : String(err));
      }
      if (anyLive) timer = setTimeout(tick, POLL_MS);
    };
    void tick();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [api, ids, metric, anyLive]);

  return { series: buffers.current, version, error };
}
