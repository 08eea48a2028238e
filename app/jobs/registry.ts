import { randomUUID } from 'node:crypto';
import { ApiError, toApiError } from '../api/errors';
import type { Progress } from '../api/progress';
import type { JobSummary } from '../api/schemas/jobs';

export type { JobSummary };


export interface JobContext {
  readonly signal: AbortSignal;
  readonly progress: (p: Progress) => void;
  /** Names the dataset the job fills, for UIs that re-attach to running jobs. */
  readonly setDataset: (datasetId: number) => void;
}

interface JobEntry {
  summary: JobSummary;
  readonly controller: AbortController;
  readonly listeners: Set<(p: Progress) => void>;
  readonly done: Promise<void>;
}

/**
 * Long work that must outlive the call (and the window) that started it: an import of 100,000 files keeps going
 * when the laptop watching it disconnects. Callers start a job, then watch or cancel it by id.
 */
export class JobRegistry {
  private readonly jobs = new Map<string, JobEntry>();

  start(kind: string, title: string, work: (ctx: JobContext) => Promise<unknown>, datasetId: number | null = null): JobSummary {
    const id = randomUUID();
    const controller = new AbortController();
    const listeners = new Set<(p: Progress) => void>();
    const update = (patch: Partial<JobSummary>) => {
      entry.summary = { ...entry.summary, ...patch };
    };
    const entry: JobEntry = {
      summary: { id, kind, title, datasetId, state: 'running', progress: null, startedAt: new Date().toISOString(), finishedAt: null, error: null, result: null },
      controller,
      listeners,
      done: Promise.resolve()
        .then(() =>
          work({
            signal: controller.signal,
            progress: (p) => {
              update({ progress: p });
              for (const l of listeners) l(p);
            },
            setDataset: (id) => update({ datasetId: id }),
          }),
        )
        .then(
          (result) => update({ state: 'finished', result: result ?? null, finishedAt: new Date().toISOString() }),
          (err: unknown) => {
            const error = toApiError(err);
            update({ state: error.code === 'cancelled' ? 'cancelled' : 'failed', error: error.toJSON(), finishedAt: new Date().toISOString() });
          },
        ),
    };
    this.jobs.set(id, entry);
    return entry.summary;
  }

  list(): JobSummary[] {
    return [...this.jobs.values()].map((j) => j.summary);
  }

  get(id: string): JobSummary {
    return this.entry(id).summary;
  }

  cancel(id: string): JobSummary {
    const entry = this.entry(id);
    entry.controller.abort();
    return entry.summary;
  }

  /** Streams the job's progress until it ends; giving up watching (signal) does not cancel the job. */
  async watch(id: string, onProgress: (p: Progress) => void, signal: AbortSignal): Promise<JobSummary> {
    const entry = this.entry(id);
    if (entry.summary.progress) onProgress(entry.summary.progress);
    entry.listeners.add(onProgress);
    try {
      await Promise.race([
        entry.done,
        new Promise<never>((_, reject) => {
          if (signal.aborted) reject(new ApiError('cancelled', 'Stopped watching the job.'));
          signal.addEventListener('abort', () => reject(new ApiError('cancelled', 'Stopped watching the job.')), { once: true });
        }),
      ]);
    } finally {
      entry.listeners.delete(onProgress);
    }
    return entry.summary;
  }

  /** Cancels everything still running and waits for it to wind down (host shutdown). */
  async shutdown(): Promise<void> {
    for (const entry of this.jobs.values()) entry.controller.abort();
    await Promise.all([...this.jobs.values()].map((j) => j.done));
  }

  private entry(id: string): JobEntry {
    const entry = this.jobs.get(id);
    if (!entry) throw new ApiError('not_found', `No job ${id} in this session of the app (jobs are kept until the app restarts).`);
    return entry;
  }
}
