import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Dataset, JobSummary } from '../../../../app/api/contract';
import { ImportSummary } from '../../../../app/api/schemas/datasets';
import type { Progress } from '../../api';
import { useApi, useConnection } from '../../api/ApiContext';

/** One import job as this page knows it: its latest summary, live progress, and the report once it ends. */
export interface ImportJob {
  readonly job: JobSummary;
  readonly datasetId: number | undefined;
  readonly progress: Progress | null;
  readonly summary: ImportSummary | null;
  /** Set while the page has asked the host to cancel and the job has not ended yet. */
  readonly cancelling: boolean;
}

export interface ImportJobs {
  /** The newest import of a dataset started or seen in this session of the host, running or ended. */
  forDataset(dataset: Dataset): ImportJob | undefined;
  /** Running jobs that belong to none of these datasets yet (the sample set while its phantoms are generated). */
  pending(datasets: readonly Dataset[]): ImportJob[];
  start(datasetId: number, paths: string[]): Promise<ImportJob>;
  cancel(jobId: string): Promise<void>;
}

/** Jobs that import into a dataset: user imports, and the first start's sample set (generated, then imported). */
const IMPORT_KINDS = new Set(['import', 'sample']);

/** The sample job names its dataset only once its phantoms exist; until then it belongs to the sample dataset, if any. */
export function belongsTo(entry: ImportJob, dataset: Dataset): boolean {
  if (entry.datasetId !== undefined) return entry.datasetId === dataset.id;
  return entry.job.kind === 'sample' && dataset.kind === 'sample';
}

function summaryOf(job: JobSummary): ImportSummary | null {
  const parsed = ImportSummary.safeParse(job.result);
  return parsed.success ? parsed.data : null;
}

/**
 * Import jobs of this host session. Imports run on the host as background jobs that outlive the page: on mount and
 * after every reconnect the page lists the host's jobs and re-attaches to running imports, so their progress shows
 * again after a reload. Stopping a watch (unmount) never cancels the job; only `cancel` does.
 */
export function useImportJobs(onEnded: (datasetId: number | undefined) => void): ImportJobs {
  const api = useApi();
  const opens = useConnection().opens;
  const [jobs, setJobs] = useState<ReadonlyMap<string, ImportJob>>(new Map());
  const watchers = useRef(new Map<string, AbortController>());
  const onEndedRef = useRef(onEnded);
  onEndedRef.current = onEnded;

  const update = useCallback((id: string, patch: (prev: ImportJob | undefined) => ImportJob) => {
    setJobs((prev) => new Map(prev).set(id, patch(prev.get(id))));
  }, []);

  const attach = useCallback(
    (job: JobSummary) => {
      const summary = summaryOf(job);
      const known = job.datasetId ?? summary?.datasetId;
      update(job.id, (prev) => ({
        job,
        datasetId: known ?? prev?.datasetId,
        progress: job.progress ?? prev?.progress ?? null,
        summary,
        cancelling: job.state === 'running' && (prev?.cancelling ?? false),
      }));
      if (job.state !== 'running' || watchers.current.has(job.id)) return;
      const controller = new AbortController();
      watchers.current.set(job.id, controller);
      api
        .call('jobs.watch', { id: job.id }, {
          signal: controller.signal,
          onProgress: (progress) => update(job.id, (prev) => ({ ...(prev ?? { job, datasetId: known, summary: null, cancelling: false }), progress })),
        })
        .then(
          (final) => {
            const finalSummary = summaryOf(final);
            update(job.id, (prev) => ({
              job: final,
              datasetId: prev?.datasetId ?? known ?? finalSummary?.datasetId,
              progress: final.progress ?? prev?.progress ?? null,
              summary: finalSummary,
              cancelling: false,
            }));
            onEndedRef.current(known ?? finalSummary?.datasetId);
          },
          () => {
            // Stopped watching (unmount) or the connection dropped: the job goes on; a reconnect re-attaches.
          },
        )
        .finally(() => {
          if (watchers.current.get(job.id) === controller) watchers.current.delete(job.id);
        });
    },
    [api, update],
  );

  // Re-attach after a reload or reconnect.
  useEffect(() => {
    const controller = new AbortController();
    api.call('jobs.list', {}, { signal: controller.signal }).then(
      (list) => {
        for (const job of list) if (IMPORT_KINDS.has(job.kind)) attach(job);
      },
      () => {},
    );
    return () => controller.abort();
  }, [api, attach, opens]);

  useEffect(() => {
    const current = watchers.current;
    return () => {
      for (const controller of current.values()) controller.abort();
      current.clear();
    };
  }, []);

  const start = useCallback(
    async (datasetId: number, paths: string[]) => {
      const job = await api.call('imports.start', { datasetId, paths });
      attach(job);
      return { job, datasetId, progress: job.progress, summary: null, cancelling: false };
    },
    [api, attach],
  );

  const cancel = useCallback(
    async (jobId: string) => {
      update(jobId, (prev) => ({ ...prev!, cancelling: true }));
      try {
        await api.call('jobs.cancel', { id: jobId });
      } catch (err) {
        update(jobId, (prev) => ({ ...prev!, cancelling: false }));
        throw err;
      }
    },
    [api, update],
  );

  const forDataset = useCallback(
    (dataset: Dataset) => {
      let newest: ImportJob | undefined;
      for (const entry of jobs.values()) {
        if (belongsTo(entry, dataset) && (!newest || entry.job.startedAt >= newest.job.startedAt)) newest = entry;
      }
      return newest;
    },
    [jobs],
  );

  const pending = useCallback(
    (datasets: readonly Dataset[]) =>
      [...jobs.values()].filter((entry) => entry.job.state === 'running' && !datasets.some((d) => belongsTo(entry, d))),
    [jobs],
  );

  return useMemo(() => ({ forDataset, pending, start, cancel }), [forDataset, pending, start, cancel]);
}
