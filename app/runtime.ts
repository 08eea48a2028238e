import path from 'node:path';
import { AnalysisHost } from './analysis/worker/host';
import type { AppInfo, BackendReport } from './api/contract';
import type { MediaKind } from './api/media';
import { createDispatcher, type Dispatcher } from './api/dispatcher';
import { detectBackend, parseBackendName } from './compute/backend';
import { setupWasmBackend } from './ssl/backend-setup';
import { annotationHandlers } from './handlers/annotations';
import { datasetHandlers } from './handlers/datasets';
import { exploreHandlers } from './handlers/explore';
import type { HandlerDeps } from './handlers/deps';
import { jobHandlers } from './handlers/jobs';
import { projectHandlers } from './handlers/projects';
import { systemHandlers } from './handlers/system';
import type { ProcessRequest, ProcessResult } from './import/process-file';
import { markInterruptedImports } from './import/run-import';
import { JobRegistry } from './jobs/registry';
import { RunManager } from './runs/manager';
import { markInterruptedRuns } from './runs/store';
import { runHandlers } from './handlers/runs';
import { readMedia, type MediaResponse } from './media/media';
import { startSampleDataset } from './samples/sample-dataset';
import { ensureDefaultProject } from './services/projects';
import { openStore, storeError, type Store } from './store/database';
import { WorkerPool } from './workers/pool';
import { startWorker } from './workers/entry-points';

const DEFAULT_SAMPLE_IMAGES = 200;

export interface RuntimeOptions {
  readonly databasePath: string;
  /** Where caches and samples live; defaults to the database's folder. */
  readonly dataDir?: string;
  readonly host: AppInfo['host'];
  /** Force a compute backend; defaults to CXR_BACKEND. */
  readonly backend?: string;
  /** Per-file limit for import decoders (default 60 s). */
  readonly importTimeoutMs?: number;
  /** Import worker threads (default: one per CPU). */
  readonly importWorkers?: number;
  /** Phantoms in the sample dataset a new installation gets (default CXR_SAMPLE_IMAGES or 200; 0 for none, as the CLI does). */
  readonly sampleImages?: number;
}

export interface Runtime {
  readonly store: Store;
  readonly dispatcher: Dispatcher;
  readonly jobs: JobRegistry;
  readonly dataDir: string;
  /** Detects the compute backend on first use (the CLI rarely needs it); hosts call it at start. */
  backend(): Promise<BackendReport>;
  /** Thumbnails and cached pixels, served by URL rather than through the JSON API. */
  readMedia(kind: MediaKind, imageId: number): Promise<MediaResponse>;
  /** Cancels running jobs, stops workers and closes the database. */
  close(): Promise<void>;
}

/** The app's own backend: on wasm with our kernels (1 thread), so the probe measures what training runs. */
async function detectWithKernels(prefer: ReturnType<typeof parseBackendName>): Promise<BackendReport> {
  const report = await detectBackend({ prefer });
  if (report.active === 'wasm') await setupWasmBackend({ threads: 1 });
  return report;
}

/**
 * Everything a host (Electron main, web host, CLI) needs: the opened database, the detected backend, background
 * jobs, and the dispatcher that implements the contract. Hosts only translate their transport into dispatcher calls.
 */
export function createRuntime(options: RuntimeOptions): Runtime {
  const store = openStore(options.databasePath);
  ensureDefaultProject(store.db);
  markInterruptedImports(store.db);
  markInterruptedRuns(store.db);
  const dataDir = options.dataDir ?? path.dirname(store.path);
  const prefer = parseBackendName(options.backend ?? process.env.CXR_BACKEND);
  let detection: Promise<BackendReport> | undefined;
  let pool: WorkerPool<ProcessRequest, ProcessResult> | undefined;
  let runManager: RunManager | undefined;
  let analysisHost: AnalysisHost | undefined;
  const jobs = new JobRegistry();

  const deps: HandlerDeps = {
    store,
    db: store.db,
    dataDir,
    host: options.host,
    backend: () => (detection ??= detectWithKernels(prefer)),
    jobs,
    importPool: () =>
      (pool ??= new WorkerPool<ProcessRequest, ProcessResult>({
        size: options.importWorkers,
        taskTimeoutMs: options.importTimeoutMs ?? 60_000,
        spawn: () => startWorker('import-worker'),
        describe: (req) => `decoding ${req.file}`,
      })),
    analysis: () => (analysisHost ??= new AnalysisHost(() => startWorker('analysis-worker', { workerData: { dataDir } }))),
    runs: () => (runManager ??= new RunManager(store.db, dataDir, options.backend ?? process.env.CXR_BACKEND)),
    guard: (fn) => {
      try {
        return fn();
      } catch (err) {
        throw storeError(err, store.path);
      }
    },
  };

  const sampleImages = options.sampleImages ?? Number(process.env.CXR_SAMPLE_IMAGES ?? DEFAULT_SAMPLE_IMAGES);
  if (store.created && sampleImages > 0) startSampleDataset(deps, sampleImages);

  return {
    store,
    jobs,
    dataDir,
    dispatcher: createDispatcher({
      ...systemHandlers(deps),
      ...projectHandlers(deps),
      ...datasetHandlers(deps),
      ...jobHandlers(deps),
      ...annotationHandlers(deps),
      ...runHandlers(deps),
      ...exploreHandlers(deps),
    }),
    backend: deps.backend,
    readMedia: async (kind, imageId) => {
      try {
        return await readMedia(store.db, dataDir, kind, imageId);
      } catch (err) {
        throw storeError(err, store.path);
      }
    },
    close: async () => {
      await Promise.all([jobs.shutdown(), runManager?.shutdown(), analysisHost?.close()]);
      await pool?.close();
      store.close();
    },
  };
}
