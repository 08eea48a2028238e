import path from 'node:path';
import type { AppInfo, BackendReport } from './api/contract';
import { createDispatcher, type Dispatcher, type Handlers } from './api/dispatcher';
import { detectBackend, parseBackendName } from './compute/backend';
import { probeMatmul } from './compute/probe';
import { openStore, storeError, type Store } from './store/database';
import { createProject, deleteProject, ensureDefaultProject, getProject, listProjects, renameProject } from './services/projects';
import { appName, appVersion, codeVersion } from './version';

export interface RuntimeOptions {
  readonly databasePath: string;
  readonly dataDir?: string;
  readonly host: AppInfo['host'];
  /** Force a compute backend; defaults to CXR_BACKEND. */
  readonly backend?: string;
}

export interface Runtime {
  readonly store: Store;
  readonly dispatcher: Dispatcher;
  /** Detects the compute backend on first use (the CLI rarely needs it); hosts call it at start. */
  backend(): Promise<BackendReport>;
  close(): void;
}

/**
 * Everything a host (Electron main, web host, CLI) needs: the opened database, the detected backend,
 * and the dispatcher that implements the contract. Hosts only translate transport to dispatcher calls.
 */
export function createRuntime(options: RuntimeOptions): Runtime {
  const store = openStore(options.databasePath);
  ensureDefaultProject(store.db);
  const prefer = parseBackendName(options.backend ?? process.env.CXR_BACKEND);
  let detection: Promise<BackendReport> | undefined;
  const backend = () => (detection ??= detectBackend({ prefer }));
  const { db } = store;
  // Any SQLite failure surfacing later (e.g. another process holding the write lock) gets the same clear message as at open.
  const guard = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      throw storeError(err, store.path);
    }
  };

  const handlers: Handlers = {
    'app.info': () => ({
      name: appName,
      version: appVersion,
      codeVersion,
      dataDir: options.dataDir ?? path.dirname(store.path),
      databasePath: store.path,
      schemaVersion: store.schemaVersion,
      platform: `${process.platform}-${process.arch}`,
      node: process.versions.node,
      host: options.host,
    }),
    'compute.status': () => backend(),
    'compute.probe': async ({ size, repeats }, ctx) => probeMatmul(await backend(), size, repeats, ctx),
    'db.check': () =>
      guard(() => {
        const rows = db.pragma('integrity_check') as { integrity_check: string }[];
        const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
        return { ok: problems.length === 0, problems };
      }),
    'projects.list': () => guard(() => listProjects(db)),
    'projects.get': ({ id }) => guard(() => getProject(db, id)),
    'projects.create': ({ name, description }) => guard(() => createProject(db, name, description)),
    'projects.rename': ({ id, name }) => guard(() => renameProject(db, id, name)),
    'projects.delete': ({ id }) =>
      guard(() => {
        deleteProject(db, id);
        return { deleted: true as const };
      }),
  };

  return {
    store,
    dispatcher: createDispatcher(handlers),
    backend,
    close: () => store.close(),
  };
}
