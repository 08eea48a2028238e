import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../app/api/errors';
import { APPLICATION_ID, openStore } from '../../../app/store/database';
import { latestSchemaVersion, migrations } from '../../../app/store/migrations';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir();

function expectApiError(fn: () => unknown, code: string, messagePart: RegExp): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(code);
    expect((err as ApiError).message).toMatch(messagePart);
    return;
  }
  throw new Error(`expected ApiError ${code}`);
}

describe('openStore', () => {
  it('creates a WAL database with foreign keys, our application id and every migration recorded', () => {
    const file = path.join(tempDir(), 'nested', 'studio.sqlite');
    const store = openStore(file);
    expect(store.schemaVersion).toBe(latestSchemaVersion);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    const versions = store.db.prepare('SELECT version FROM schema_version ORDER BY version').all() as { version: number }[];
    expect(versions.map((v) => v.version)).toEqual(migrations.map((m) => m.version));
    const tables = (store.db.prepare("SELECT name FROM sqlite_master WHERE type='table'").all() as { name: string }[]).map((t) => t.name);
    for (const t of ['projects', 'datasets', 'images', 'landmark_templates', 'landmark_annotations', 'runs', 'run_metrics', 'checkpoints', 'events']) {
      expect(tables).toContain(t);
    }
    store.close();
  });

  it('enforces foreign keys: deleting a project cascades to its datasets and images', () => {
    const store = openStore(path.join(tempDir(), 'db.sqlite'));
    const { db } = store;
    const p = db.prepare("INSERT INTO projects (name) VALUES ('p')").run().lastInsertRowid;
    const d = db.prepare('INSERT INTO datasets (project_id, name) VALUES (?, ?)').run(p, 'd').lastInsertRowid;
    db.prepare("INSERT INTO images (dataset_id, source_path, status) VALUES (?, 'a.png', 'ok')").run(d);
    expect(() => db.prepare('INSERT INTO datasets (project_id, name) VALUES (999, ?)').run('orphan')).toThrow(/FOREIGN KEY/);
    db.prepare('DELETE FROM projects WHERE id = ?').run(p);
    expect((db.prepare('SELECT COUNT(*) AS n FROM images').get() as { n: number }).n).toBe(0);
    store.close();
  });

  it('applies only pending migrations on reopen and keeps a backup of the previous schema', () => {
    const file = path.join(tempDir(), 'db.sqlite');
    openStore(file, { migrations: migrations.slice(0, 1) }).close();
    const extra = { version: 2, name: 'test column', sql: 'ALTER TABLE projects ADD COLUMN colour TEXT' };
    const store = openStore(file, { migrations: [...migrations.slice(0, 1), extra] });
    expect(store.schemaVersion).toBe(2);
    expect(fs.existsSync(`${file}.schema-1.bak`)).toBe(true);
    store.db.prepare("INSERT INTO projects (name, colour) VALUES ('x', 'red')").run();
    store.close();
    // Reopening with the same list changes nothing.
    const again = openStore(file, { migrations: [...migrations.slice(0, 1), extra] });
    expect((again.db.prepare('SELECT COUNT(*) AS n FROM schema_version').get() as { n: number }).n).toBe(2);
    again.close();
  });

  it('refuses a database from a newer schema and leaves it byte-for-byte untouched', () => {
    const file = path.join(tempDir(), 'db.sqlite');
    const store = openStore(file);
    store.db.prepare("INSERT INTO schema_version (version, name) VALUES (?, 'from the future')").run(latestSchemaVersion + 5);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    store.close();
    const before = fs.readFileSync(file);
    expectApiError(() => openStore(file), 'db_newer', new RegExp(`newer version.*schema ${latestSchemaVersion + 5}`));
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a corrupt file with a message naming it, and does not modify it', () => {
    const file = path.join(tempDir(), 'db.sqlite');
    fs.writeFileSync(file, Buffer.alloc(8192, 0x5a));
    const before = fs.readFileSync(file);
    expectApiError(() => openStore(file), 'db_corrupt', new RegExp(`${file.replaceAll('/', '\\/')}.*damaged or is not an SQLite file`));
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it("refuses another program's SQLite database", () => {
    const file = path.join(tempDir(), 'other.sqlite');
    const other = new Database(file);
    other.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    other.close();
    expectApiError(() => openStore(file), 'db_foreign', /another program/);
  });

  it('reports a read-only database instead of failing obscurely', () => {
    const dir = tempDir();
    const file = path.join(dir, 'db.sqlite');
    openStore(file).close();
    if (process.getuid?.() !== 0) {
      fs.chmodSync(file, 0o400);
      expectApiError(() => openStore(file), 'db_readonly', /read-only/);
      return;
    }
    // Root ignores permissions, so open it through the real CLI as an unprivileged user instead.
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(file, 0o644);
    const cli = path.resolve(__dirname, '../../../dist/main/cli.cjs');
    expect(fs.existsSync(cli), 'run `npm run build` first').toBe(true);
    const result = spawnSync(process.execPath, [cli, '--db', file, 'projects', 'list'], { uid: 65534, gid: 65534, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/read-only/);
    expect(result.stderr).toContain(file);
  });

  it('reports a database locked by another process as locked', () => {
    const file = path.join(tempDir(), 'db.sqlite');
    openStore(file).close();
    const holder = new Database(file);
    holder.pragma('journal_mode = WAL');
    holder.exec('BEGIN EXCLUSIVE');
    try {
      expectApiError(() => openStore(file, { busyTimeoutMs: 50 }), 'db_locked', /locked by another process/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });
});
