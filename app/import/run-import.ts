import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../api/errors';
import { createProgressMeter } from '../api/progress';
import type { ImportSummary } from '../api/schemas/datasets';
import { getDataset, patientSalt } from '../datasets/datasets';
import type { JobContext } from '../jobs/registry';
import type { Db } from '../store/database';
import { markOrphaned, ownerStamp, startHeartbeat } from '../store/work-owners';
import { TaskTimeoutError, WorkerCrashError, type WorkerPool } from '../workers/pool';
import type { ProcessRequest, ProcessResult } from './process-file';
import { createRecorder, type RecordedStatus } from './record';
import { scanSources } from './scan';


export interface ImportDeps {
  readonly db: Db;
  readonly dataDir: string;
  readonly pool: WorkerPool<ProcessRequest, ProcessResult>;
}

/** Failures kept in the summary; all of them are in the images table anyway. */
const MAX_LISTED_FAILURES = 1000;
/** Rows written per transaction: few enough to keep the UI's reads snappy, many enough to be fast. */
const BATCH = 64;
/** Slow decoders (2k JPEG 2000) still report progress this often. */
const FLUSH_MS = 500;

/**
 * Imports files and folders into a dataset: scan, skip what is already in (resume), decode in worker threads,
 * record every file — image, duplicate, "no image" or a specific error — and keep going whatever one file does.
 */
export async function runImport(deps: ImportDeps, datasetId: number, paths: readonly string[], ctx: JobContext): Promise<ImportSummary> {
  const { db } = deps;
  const dataset = getDataset(db, datasetId);
  const salt = patientSalt(db, dataset.projectId, () => randomBytes(32).toString('hex'));
  const importId = Number(
    db.prepare("INSERT INTO imports (dataset_id, sources_json, status, owner_pid, owner_seen_ms) VALUES (?, ?, 'running', ?, ?)").run(datasetId, JSON.stringify(paths), ...ownerStamp()).lastInsertRowid,
  );
  const stopHeartbeat = startHeartbeat(db, 'imports', () => [importId]);
  const started = performance.now();
  const counts = { imported: 0, duplicates: 0, noImage: 0, failed: 0, skipped: 0 };
  const failures: { path: string; reason: string }[] = [];
  const finish = (status: ImportSummary['status'] | 'failed', found: number, ignored: number, error: string | null) => {
    db.prepare(
      `UPDATE imports SET status = ?, found = ?, imported = ?, duplicates = ?, no_image = ?, failed = ?, skipped = ?, error = ?,
       finished_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?`,
    ).run(status, found, counts.imported, counts.duplicates, counts.noImage, counts.failed, counts.skipped, error, importId);
    const seconds = (performance.now() - started) / 1000;
    const processed = counts.imported + counts.duplicates + counts.noImage + counts.failed;
    return { seconds, imagesPerSecond: seconds > 0 ? processed / seconds : 0 };
  };

  try {
    ctx.progress({ done: 0, total: null, rate: 0, etaSeconds: null, message: 'scanning' });
    const scan = await scanSources(paths, ctx.signal, (n) =>
      ctx.progress({ done: 0, total: null, rate: 0, etaSeconds: null, message: `scanning: ${n} image files found` }),
    );
    for (const m of scan.missing) failures.push(m);
    if (scan.missing.length > 0 && scan.files.length === 0 && scan.ignored.length === 0) {
      throw new ApiError('invalid_input', scan.missing.map((m) => `${m.path}: ${m.reason}`).join('; '));
    }
    const known = new Map(
      (db.prepare('SELECT source_path, file_size, file_mtime_ms, cache_path FROM images WHERE dataset_id = ?').all(datasetId) as KnownFile[]).map((r) => [
        r.source_path,
        r,
      ]),
    );
    const todo = await filterUnchanged(scan.files, known, deps.dataDir, () => counts.skipped++);
    const recorder = createRecorder(db, datasetId, dataset.projectId, importId);
    const meter = createProgressMeter(todo.length);
    let pendingRows: [string, ProcessResult][] = [];
    let done = 0;
    let lastFlush = performance.now();
    const flush = () => {
      const rows = pendingRows;
      pendingRows = [];
      lastFlush = performance.now();
      const statuses = db.transaction(() => rows.map(([file, result]) => [file, result, recorder.record(file, result)] as const))();
      for (const [file, result, status] of statuses) tally(status, file, result);
      ctx.progress(meter(done, `${counts.failed} failed so far`));
    };
    const tally = (status: RecordedStatus, file: string, result: ProcessResult) => {
      if (status === 'ok') counts.imported++;
      else if (status === 'duplicate') counts.duplicates++;
      else if (status === 'no_image') counts.noImage++;
      else {
        counts.failed++;
        if (failures.length < MAX_LISTED_FAILURES && result.kind === 'error') failures.push({ path: file, reason: result.reason });
      }
    };
    const request = (file: string): ProcessRequest => ({ file, dataDir: deps.dataDir, settings: dataset.settings, patientKeySalt: salt });
    // Results are recorded in scan order whatever order workers finish in, so which copy of a duplicate counts as
    // the original, and the row order, are the same on every run.
    const finished = new Map<number, ProcessResult>();
    let next = 0;
    let recordable = 0;
    const lane = async () => {
      while (next < todo.length && !ctx.signal.aborted) {
        const index = next++;
        const result = await deps.pool.run(request(todo[index]!)).catch((err: unknown): ProcessResult => {
          if (err instanceof TaskTimeoutError || err instanceof WorkerCrashError) return { kind: 'error', reason: err.message };
          throw err;
        });
        done++;
        finished.set(index, result);
        for (let r = finished.get(recordable); r; r = finished.get(recordable)) {
          finished.delete(recordable);
          pendingRows.push([todo[recordable++]!, r]);
        }
        if (pendingRows.length >= BATCH || performance.now() - lastFlush > FLUSH_MS) flush();
      }
    };
    // Two tasks per worker keep every worker busy while the main thread records results.
    await Promise.all(Array.from({ length: deps.pool.size * 2 }, lane));
    flush();
    const status = ctx.signal.aborted ? 'cancelled' : 'finished';
    const timing = finish(status, scan.files.length, scan.ignored.length, null);
    return {
      importId,
      datasetId,
      status,
      found: scan.files.length,
      ...counts,
      ignored: scan.ignored.length,
      failures,
      ...timing,
    };
  } catch (err) {
    finish('failed', 0, 0, (err as Error).message);
    throw err;
  } finally {
    stopHeartbeat();
  }
}

interface KnownFile {
  readonly source_path: string;
  readonly file_size: number | null;
  readonly file_mtime_ms: number | null;
  readonly cache_path: string | null;
}

/**
 * Resume: a file already recorded with the same size and modification time is skipped — unless its cache file has
 * gone (deleted to save space, or a moved data folder), in which case importing again rebuilds it from the source.
 */
async function filterUnchanged(files: readonly string[], known: Map<string, KnownFile>, dataDir: string, onSkip: () => void): Promise<string[]> {
  const exists = (rel: string) => fs.access(path.join(dataDir, rel)).then(() => true, () => false);
  const todo: string[] = [];
  for (const file of files) {
    const row = known.get(file);
    if (row && row.file_size !== null) {
      const stat = await fs.stat(file).catch(() => null);
      const cacheOk = row.cache_path === null || (await exists(row.cache_path));
      if (stat && stat.size === row.file_size && stat.mtimeMs === row.file_mtime_ms && cacheOk) {
        onSkip();
        continue;
      }
    }
    todo.push(file);
  }
  return todo;
}

/** An import whose process died is marked interrupted (not one another process is running); re-running it resumes. */
export function markInterruptedImports(db: Db): number {
  return markOrphaned(db, 'imports', ['running'], 'interrupted');
}
