import type { AnalysisHost } from '../analysis/worker/host';
import type { AppInfo, BackendReport } from '../api/contract';
import type { Handlers } from '../api/dispatcher';
import type { ProcessRequest, ProcessResult } from '../import/process-file';
import type { JobRegistry } from '../jobs/registry';
import type { RunManager } from '../runs/manager';
import type { Db, Store } from '../store/database';
import type { WorkerPool } from '../workers/pool';

/** What the operation handlers need from the runtime; each handler module takes only this. */
export interface HandlerDeps {
  readonly store: Store;
  readonly db: Db;
  readonly dataDir: string;
  readonly host: AppInfo['host'];
  readonly backend: () => Promise<BackendReport>;
  readonly jobs: JobRegistry;
  /** Started on first use: most sessions never import. */
  readonly importPool: () => WorkerPool<ProcessRequest, ProcessResult>;
  /** Started on first use: the thread that runs Explore's models and caches. */
  readonly analysis: () => AnalysisHost;
  /** Started on first use: the run manager forks training processes. */
  readonly runs: () => RunManager;
  /** Runs a database call, turning SQLite failures into the same clear errors as at open. */
  readonly guard: <T>(fn: () => T) => T;
}

export type HandlerGroup<K extends keyof Handlers> = Pick<Handlers, K>;
