import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ApiError } from '../api/errors';
import { latestSchemaVersion, migrations as allMigrations, type Migration } from './migrations';

export type Db = Database.Database;

/** 'CXRA' in ASCII: marks a file as ours so we never migrate some other program's SQLite file. */
export const APPLICATION_ID = 0x43585241;

export interface Store {
  readonly db: Db;
  readonly path: string;
  readonly schemaVersion: number;
  /** True when this open created the database (a new installation). */
  readonly created: boolean;
  close(): void;
}

export interface OpenOptions {
  /** How long to wait for another process's lock before reporting the database as locked. */
  readonly busyTimeoutMs?: number;
  readonly migrations?: readonly Migration[];
}

interface SqliteLikeError {
  code?: string;
  message: string;
}

/** Translates SQLite failures into errors that say which file and what the user can do. */
export function storeError(err: unknown, file: string): unknown {
  if (err instanceof ApiError) return err;
  const code = (err as SqliteLikeError)?.code ?? '';
  const detail = (err as SqliteLikeError)?.message ?? String(err);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new ApiError(
      'db_locked',
      `The database ${file} is locked by another process (is another copy of CXR Anatomy Studio using it?). Close it and try again.`,
    );
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM') {
    return new ApiError(
      'db_readonly',
      `The database ${file} cannot be written (${detail}). Check the permissions of the file and its folder, or choose another database with --db or CXR_STUDIO_DB.`,
    );
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new ApiError(
      'db_corrupt',
      `The database ${file} is damaged or is not an SQLite file (${detail}). It was left untouched; move it aside to start a new one, or restore it from a backup.`,
    );
  }
  return err;
}

function ensureWritableLocation(file: string): void {
  const dir = path.dirname(file);
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new ApiError('db_readonly', `Cannot create the data folder ${dir}: ${(err as Error).message}`);
  }
  // WAL needs to create -wal and -shm files next to the database, so the folder must be writable too.
  for (const target of fs.existsSync(file) ? [file, dir] : [dir]) {
    try {
      fs.accessSync(target, fs.constants.R_OK | fs.constants.W_OK);
    } catch {
      throw new ApiError(
        'db_readonly',
        `The database ${file} is read-only: ${target} is not writable. Fix its permissions, or choose another database with --db or CXR_STUDIO_DB.`,
      );
    }
  }
}

function readVersion(db: Db): number {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get();
  if (!hasTable) return 0;
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null };
  return row.v ?? 0;
}

function checkOwnership(db: Db, file: string): void {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const tableCount = (db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n;
  if (tableCount > 0 && applicationId !== APPLICATION_ID) {
    throw new ApiError(
      'db_foreign',
      `${file} is an SQLite database of another program, not of CXR Anatomy Studio. It was left untouched; choose another file with --db or CXR_STUDIO_DB.`,
    );
  }
}

function assertNotNewer(current: number, latest: number, file: string): void {
  if (current > latest) {
    throw new ApiError(
      'db_newer',
      `The database ${file} was written by a newer version of CXR Anatomy Studio (schema ${current}; this version knows up to ${latest}). It was left untouched; update the app to open it.`,
    );
  }
}

function migrate(db: Db, file: string, migrations: readonly Migration[]): number {
  const latest = migrations.length;
  const current = readVersion(db);
  assertNotNewer(current, latest, file);
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return current;
  if (current > 0) {
    // Forward-only migrations cannot be undone, so keep the pre-migration state beside the database.
    const backup = `${file}.schema-${current}.bak`;
    if (!fs.existsSync(backup)) db.exec(`VACUUM INTO '${backup.replaceAll("'", "''")}'`);
  }
  const apply = db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_version (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
    )`);
    for (const m of pending) {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_version (version, name) VALUES (?, ?)').run(m.version, m.name);
    }
    db.pragma(`application_id = ${APPLICATION_ID}`);
  });
  apply.immediate();
  return latest;
}

/**
 * Opens (creating if needed) the one database of an installation. Anything unexpected about the file —
 * locked, read-only, damaged, another program's, or from a newer version — is reported and the file is left as it was.
 */
export function openStore(file: string, options: OpenOptions = {}): Store {
  const migrations = options.migrations ?? allMigrations;
  ensureWritableLocation(file);
  let db: Db | undefined;
  try {
    db = new Database(file, { timeout: options.busyTimeoutMs ?? 5000 });
    checkOwnership(db, file);
    const versionAtOpen = readVersion(db);
    assertNotNewer(versionAtOpen, migrations.length, file);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    // Taking the write lock once now turns "another process holds it" into a clear error at start, not on the first save.
    db.transaction(() => undefined).immediate();
    const schemaVersion = migrate(db, file, migrations);
    const opened = db;
    return {
      db: opened,
      path: file,
      schemaVersion,
      created: versionAtOpen === 0,
      close: () => opened.close(),
    };
  } catch (err) {
    db?.close();
    throw storeError(err, file);
  }
}

export { latestSchemaVersion };
