import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../app/store/database';
import { migrations } from '../../../app/store/migrations';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir('cxr-migration-0005-');

describe('migration 0005', () => {
  it('adds model_reports to a schema-4 database, keeps its runs, and ties reports to projects and runs', () => {
    const file = path.join(tempDir(), 'db.sqlite');
    const old = openStore(file, { migrations: migrations.slice(0, 4) });
    const p = old.db.prepare("INSERT INTO projects (name) VALUES ('p')").run().lastInsertRowid;
    const r = old.db.prepare("INSERT INTO runs (project_id, name, method, config_json, status, code_version, seed) VALUES (?, 'r', 'ace', '{}', 'finished', 'v', 0)").run(p).lastInsertRowid;
    old.close();

    const store = openStore(file, { migrations: migrations.slice(0, 5) });
    const db = store.db;
    expect(store.schemaVersion).toBe(5);
    expect(fs.existsSync(`${file}.schema-4.bak`)).toBe(true);
    expect(db.prepare('SELECT id, name FROM runs').all()).toEqual([{ id: Number(r), name: 'r' }]);
    const columns = (db.prepare('PRAGMA table_info(model_reports)').all() as { name: string; notnull: number }[]).map((c) => `${c.name}${c.notnull ? '!' : ''}`);
    expect(columns).toEqual(['id', 'project_id!', 'run_id', 'extractor_kind!', 'extractor_label!', 'extractor_id!', 'settings_json!', 'metrics_json!', 'created_at!']);

    const insert = db.prepare('INSERT INTO model_reports (project_id, run_id, extractor_kind, extractor_label, extractor_id, settings_json, metrics_json) VALUES (?, ?, ?, ?, ?, ?, ?)');
    insert.run(p, r, 'checkpoint', 'run 1', 'ck', '{}', '{}');
    insert.run(p, null, 'pixels', 'raw pixels', 'px', '{}', '{}');
    expect(() => insert.run(p, r, 'random', 'random', 'rnd', '{}', '{}')).toThrow(/CHECK constraint/);
    expect(() => insert.run(p, null, 'dino', 'x', 'x', '{}', '{}')).toThrow(/CHECK constraint/);
    expect(() => insert.run(p, 999, 'checkpoint', 'x', 'x', '{}', '{}')).toThrow(/FOREIGN KEY/);
    expect(db.pragma('foreign_key_check')).toEqual([]);

    db.prepare('DELETE FROM runs WHERE id = ?').run(r);
    expect(db.prepare('SELECT extractor_kind FROM model_reports').all()).toEqual([{ extractor_kind: 'pixels' }]);
    db.prepare('DELETE FROM projects WHERE id = ?').run(p);
    expect((db.prepare('SELECT COUNT(*) AS n FROM model_reports').get() as { n: number }).n).toBe(0);
    store.close();
  });
});
