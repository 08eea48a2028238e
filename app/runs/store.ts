import { ApiError } from '../api/errors';
import type { MetricSeries, Run, RunStatus } from '../api/schemas/runs';
import { logEvent } from '../services/events';
import type { Db } from '../store/database';
import { markOrphaned, ownerStamp } from '../store/work-owners';

interface RunRow {
  id: number;
  project_id: number;
  name: string;
  method: string;
  config_json: string;
  status: RunStatus;
  backend: string | null;
  code_version: string;
  seed: number;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  steps_total: number;
  steps_done: number;
  images: number;
  data_hash: string | null;
  checkpoint_dir: string | null;
  log_tail: string;
}

const LOSS_PREFIX = 'loss/';
/** What a failed run keeps of its log. */
export const LOG_TAIL_LINES = 200;

function toRun(db: Db, row: RunRow): Run {
  const datasetIds = (db.prepare('SELECT dataset_id FROM run_datasets WHERE run_id = ? ORDER BY dataset_id').all(row.id) as { dataset_id: number }[]).map(
    (r) => r.dataset_id,
  );
  const losses = Object.fromEntries(
    (db
      .prepare(
        `SELECT m.name, m.value FROM run_metrics m
         JOIN (SELECT name, MAX(step) AS step FROM run_metrics WHERE run_id = ? AND name LIKE 'loss/%' GROUP BY name) last
           ON last.name = m.name AND last.step = m.step
         WHERE m.run_id = ?`,
      )
      .all(row.id, row.id) as { name: string; value: number }[]).map((r) => [r.name.slice(LOSS_PREFIX.length), r.value]),
  );
  const ck = db.prepare('SELECT COUNT(*) AS n, MAX(step) AS last FROM checkpoints WHERE run_id = ?').get(row.id) as { n: number; last: number | null };
  return {
    id: row.id,
    projectId: row.project_id,
    name: row.name,
    method: row.method,
    status: row.status,
    backend: row.backend,
    codeVersion: row.code_version,
    seed: row.seed,
    datasetIds,
    images: row.images,
    dataHash: row.data_hash,
    stepsDone: row.steps_done,
    stepsTotal: row.steps_total,
    losses,
    checkpoints: ck.n,
    lastCheckpointStep: ck.last,
    error: row.error,
    config: JSON.parse(row.config_json) as Record<string, unknown>,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

export interface NewRun {
  readonly projectId: number;
  readonly name: string;
  readonly method: string;
  readonly config: Record<string, unknown>;
  readonly seed: number;
  readonly datasetIds: readonly number[];
  readonly images: number;
  readonly dataHash: string;
  readonly stepsTotal: number;
  readonly codeVersion: string;
  readonly checkpointRoot: string;
}

export function createRunRow(db: Db, r: NewRun): Run {
  return db.transaction(() => {
    const id = Number(
      db
        .prepare(
          `INSERT INTO runs (project_id, name, method, config_json, status, code_version, seed, steps_total, images, data_hash, owner_pid, owner_seen_ms)
           VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(r.projectId, r.name, r.method, JSON.stringify(r.config), r.codeVersion, r.seed, r.stepsTotal, r.images, r.dataHash, ...ownerStamp()).lastInsertRowid,
    );
    db.prepare('UPDATE runs SET checkpoint_dir = ? WHERE id = ?').run(`${r.checkpointRoot}/run-${id}`, id);
    const link = db.prepare('INSERT INTO run_datasets (run_id, dataset_id) VALUES (?, ?)');
    for (const d of r.datasetIds) link.run(id, d);
    logEvent(db, { kind: 'run.created', projectId: r.projectId, message: `Created run "${r.name}" (${r.method})`, payload: { runId: id } });
    return getRun(db, id);
  }).immediate();
}

function row(db: Db, id: number): RunRow {
  const r = db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
  if (!r) throw new ApiError('not_found', `Run ${id} does not exist (it may have been deleted).`);
  return r;
}

export function getRun(db: Db, id: number): Run {
  return toRun(db, row(db, id));
}

export function runCheckpointDir(db: Db, id: number): string {
  const dir = row(db, id).checkpoint_dir;
  if (!dir) throw new ApiError('internal', `Run ${id} has no checkpoint folder.`);
  return dir;
}

export function listRuns(db: Db, projectId?: number): Run[] {
  const rows = (projectId === undefined
    ? db.prepare('SELECT * FROM runs ORDER BY id DESC').all()
    : db.prepare('SELECT * FROM runs WHERE project_id = ? ORDER BY id DESC').all(projectId)) as RunRow[];
  return rows.map((r) => toRun(db, r));
}

export function setRunStatus(db: Db, id: number, status: RunStatus, extra: { error?: string | null; backend?: string } = {}): void {
  const stamp = status === 'running' ? ", started_at = COALESCE(started_at, strftime('%Y-%m-%dT%H:%M:%fZ','now'))" : '';
  const end = status === 'finished' || status === 'failed' ? ", finished_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')" : '';
  db.prepare(`UPDATE runs SET status = ?, error = ?, backend = COALESCE(?, backend)${stamp}${end} WHERE id = ?`).run(
    status,
    extra.error ?? null,
    extra.backend ?? null,
    id,
  );
}

export interface StepRecord {
  readonly step: number;
  readonly values: Readonly<Record<string, number>>;
  readonly wallTime: number;
}

/** One transaction per batch of steps: metrics rows plus the run's progress. */
export function recordSteps(db: Db, runId: number, steps: readonly StepRecord[]): void {
  if (steps.length === 0) return;
  const insert = db.prepare('INSERT OR REPLACE INTO run_metrics (run_id, step, name, value, wall_time) VALUES (?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (const s of steps) for (const [name, value] of Object.entries(s.values)) if (Number.isFinite(value)) insert.run(runId, s.step, name, value, s.wallTime);
    db.prepare('UPDATE runs SET steps_done = MAX(steps_done, ?) WHERE id = ?').run(steps[steps.length - 1]!.step, runId);
  })();
}

export function recordCheckpoint(db: Db, runId: number, step: number, file: string, sha256: string): void {
  db.prepare('INSERT OR REPLACE INTO checkpoints (run_id, step, path, sha256) VALUES (?, ?, ?, ?)').run(runId, step, file, sha256);
}

/**
 * Before resuming from a checkpoint at `step`, metrics written after it are dropped: the resumed run writes those
 * steps again, and the curves must show one trajectory, not two.
 */
export function rollbackToCheckpoint(db: Db, runId: number, step: number): number {
  return db.transaction(() => {
    const removed = db.prepare('DELETE FROM run_metrics WHERE run_id = ? AND step > ?').run(runId, step).changes;
    db.prepare('UPDATE runs SET steps_done = ? WHERE id = ?').run(step, runId);
    return removed;
  })();
}

export function appendLog(db: Db, runId: number, lines: readonly string[]): void {
  if (lines.length === 0) return;
  const current = (db.prepare('SELECT log_tail FROM runs WHERE id = ?').get(runId) as { log_tail: string } | undefined)?.log_tail ?? '';
  const all = (current ? current.split('\n') : []).concat(lines);
  db.prepare('UPDATE runs SET log_tail = ? WHERE id = ?').run(all.slice(-LOG_TAIL_LINES).join('\n'), runId);
}

export function runLog(db: Db, runId: number): string {
  return row(db, runId).log_tail;
}

export function metricSeries(db: Db, runId: number, names: readonly string[] | undefined, sinceStep: number): MetricSeries[] {
  row(db, runId);
  const rows = db
    .prepare('SELECT name, step, value, wall_time FROM run_metrics WHERE run_id = ? AND step > ? ORDER BY name, step')
    .all(runId, sinceStep) as { name: string; step: number; value: number; wall_time: number }[];
  const byName = new Map<string, MetricSeries>();
  for (const r of rows) {
    if (names && !names.includes(r.name)) continue;
    let s = byName.get(r.name);
    if (!s) byName.set(r.name, (s = { name: r.name, steps: [], values: [], wallTimes: [] }));
    s.steps.push(r.step);
    s.values.push(r.value);
    s.wallTimes.push(r.wall_time);
  }
  return [...byName.values()];
}

/** Runs that were going when their process died are resumable, not lost; runs another process drives are left alone. */
export function markInterruptedRuns(db: Db): number {
  return markOrphaned(db, 'runs', ['running', 'queued'], 'interrupted');
}

export function deleteRun(db: Db, id: number): void {
  db.transaction(() => {
    const r = row(db, id);
    if (r.status === 'running') throw new ApiError('conflict', `Run ${id} is running; stop it before deleting it.`);
    db.prepare('DELETE FROM runs WHERE id = ?').run(id);
    logEvent(db, { kind: 'run.deleted', projectId: r.project_id, message: `Deleted run "${r.name}"` });
  }).immediate();
}

export { LOSS_PREFIX };
