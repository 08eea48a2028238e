import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { markInterruptedImports } from '../../../app/import/run-import';
import { markInterruptedRuns } from '../../../app/runs/store';
import { openStore, type Store } from '../../../app/store/database';
import { migrations } from '../../../app/store/migrations';
import { HEARTBEAT_MS, STALE_MS, claimRows, startHeartbeat } from '../../../app/store/work-owners';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir('cxr-work-owners-');
const stores: Store[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const s of stores.splice(0)) s.close();
});

function open(file = path.join(tempDir(), 'db.sqlite'), upTo = migrations.length): Store {
  const store = openStore(file, { migrations: migrations.slice(0, upTo) });
  stores.push(store);
  return store;
}

/** The pid of a process that has exited (not reused this soon on Linux's increasing pid allocation). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function addRun(store: Store, status: string, owner: { pid: number | null; seenMs: number | null }): number {
  const db = store.db;
  const project = db.prepare("INSERT INTO projects (name) VALUES ('p' || random())").run().lastInsertRowid;
  return Number(
    db
      .prepare("INSERT INTO runs (project_id, name, method, config_json, status, code_version, seed, owner_pid, owner_seen_ms) VALUES (?, 'r', 'ace', '{}', ?, 'v', 0, ?, ?)")
      .run(project, status, owner.pid, owner.seenMs).lastInsertRowid,
  );
}

const statusOf = (store: Store, table: string, id: number) => (store.db.prepare(`SELECT status FROM ${table} WHERE id = ?`).get(id) as { status: string }).status;

describe('owners of running work', () => {
  it('a process opening the database marks only runs whose owner is gone as interrupted', () => {
    const store = open();
    const now = Date.now();
    const live = addRun(store, 'running', { pid: process.pid, seenMs: now });
    const queued = addRun(store, 'queued', { pid: process.pid, seenMs: now - STALE_MS / 2 });
    const dead = addRun(store, 'running', { pid: deadPid(), seenMs: now });
    const silent = addRun(store, 'running', { pid: process.pid, seenMs: now - STALE_MS - 1000 });
    const unowned = addRun(store, 'queued', { pid: null, seenMs: null });
    const finished = addRun(store, 'finished', { pid: null, seenMs: null });
    expect(markInterruptedRuns(store.db)).toBe(3);
    expect([live, queued, dead, silent, unowned, finished].map((id) => statusOf(store, 'runs', id))).toEqual([
      'running',
      'queued',
      'interrupted',
      'interrupted',
      'interrupted',
      'finished',
    ]);
  });

  it('the same for imports', () => {
    const store = open();
    const db = store.db;
    const project = db.prepare("INSERT INTO projects (name) VALUES ('p')").run().lastInsertRowid;
    const dataset = db.prepare("INSERT INTO datasets (project_id, name) VALUES (?, 'd')").run(project).lastInsertRowid;
    const add = (pid: number) => Number(db.prepare("INSERT INTO imports (dataset_id, sources_json, status, owner_pid, owner_seen_ms) VALUES (?, '[]', 'running', ?, ?)").run(dataset, pid, Date.now()).lastInsertRowid);
    const live = add(process.pid);
    const dead = add(deadPid());
    expect(markInterruptedImports(db)).toBe(1);
    expect([statusOf(store, 'imports', live), statusOf(store, 'imports', dead)]).toEqual(['running', 'interrupted']);
  });

  it('the heartbeat keeps re-stamping its rows until stopped, so a long run never looks silent', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const store = open();
    const id = addRun(store, 'running', { pid: null, seenMs: null });
    const stop = startHeartbeat(store.db, 'runs', () => [id]);
    const seen = () => (store.db.prepare('SELECT owner_pid AS pid, owner_seen_ms AS ms FROM runs WHERE id = ?').get(id) as { pid: number; ms: number });
    expect(seen()).toEqual({ pid: process.pid, ms: Date.now() });
    vi.advanceTimersByTime(5 * STALE_MS);
    expect(seen().ms).toBeGreaterThan(Date.now() - HEARTBEAT_MS - 1);
    expect(markInterruptedRuns(store.db)).toBe(0);
    stop();
    vi.advanceTimersByTime(STALE_MS + HEARTBEAT_MS);
    expect(markInterruptedRuns(store.db)).toBe(1);
  });

  it('migration 6 adds the owner columns to a schema-5 database and keeps its rows', () => {
    const file = path.join(tempDir(), 'old.sqlite');
    const old = openStore(file, { migrations: migrations.slice(0, 5) });
    const project = old.db.prepare("INSERT INTO projects (name) VALUES ('p')").run().lastInsertRowid;
    old.db.prepare("INSERT INTO runs (project_id, name, method, config_json, status, code_version, seed) VALUES (?, 'r', 'ace', '{}', 'running', 'v', 0)").run(project);
    old.close();
    const store = open(file, 6);
    expect(store.schemaVersion).toBe(6);
    for (const table of ['runs', 'imports']) {
      const columns = (store.db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
      expect(columns).toEqual(expect.arrayContaining(['owner_pid', 'owner_seen_ms']));
    }
    // A run left running by an older version has no owner: its process is gone.
    expect(markInterruptedRuns(store.db)).toBe(1);
    claimRows(store.db, 'runs', [1]);
    expect(store.db.prepare('SELECT owner_pid FROM runs').get()).toEqual({ owner_pid: process.pid });
  });
});
