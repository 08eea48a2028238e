import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../app/store/database';
import {
  createProject,
  DEFAULT_PROJECT_NAME,
  deleteProject,
  ensureDefaultProject,
  getProject,
  listProjects,
  renameProject,
} from '../../../app/services/projects';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir();

describe('projects', () => {
  it('creates the default project once, and logs every change in the event log', () => {
    const store = openStore(path.join(tempDir(), 'db.sqlite'));
    const { db } = store;
    const first = ensureDefaultProject(db);
    expect(first.name).toBe(DEFAULT_PROJECT_NAME);
    expect(ensureDefaultProject(db).id).toBe(first.id);
    const p = createProject(db, 'Lungs', 'JSRT landmarks');
    renameProject(db, p.id, 'Lungs v2');
    deleteProject(db, p.id);
    const kinds = (db.prepare('SELECT kind FROM events ORDER BY id').all() as { kind: string }[]).map((e) => e.kind);
    expect(kinds).toEqual(['project.created', 'project.created', 'project.renamed', 'project.deleted']);
    expect(listProjects(db).map((x) => x.name)).toEqual([DEFAULT_PROJECT_NAME]);
    store.close();
  });

  it('refuses duplicate names ignoring case, but lets a project keep its own name in another case', () => {
    const store = openStore(path.join(tempDir(), 'db.sqlite'));
    const { db } = store;
    const a = createProject(db, 'Chest');
    expect(() => createProject(db, 'CHEST')).toThrow(/A project named "Chest" already exists/);
    expect(renameProject(db, a.id, 'chest').name).toBe('chest');
    createProject(db, 'Other');
    expect(() => renameProject(db, a.id, 'other')).toThrow(/already exists/);
    store.close();
  });

  it('reports missing projects as not found', () => {
    const store = openStore(path.join(tempDir(), 'db.sqlite'));
    expect(() => getProject(store.db, 42)).toThrow(/Project 42 does not exist/);
    expect(() => deleteProject(store.db, 42)).toThrow(/Project 42 does not exist/);
    store.close();
  });

  it('counts datasets, images and runs per project', () => {
    const store = openStore(path.join(tempDir(), 'db.sqlite'));
    const { db } = store;
    const p = createProject(db, 'Counted');
    const d = db.prepare('INSERT INTO datasets (project_id, name) VALUES (?, ?)').run(p.id, 'd').lastInsertRowid;
    db.prepare("INSERT INTO images (dataset_id, source_path, status) VALUES (?, 'a', 'ok'), (?, 'b', 'ok')").run(d, d);
    db.prepare("INSERT INTO runs (project_id, name, method, config_json, status, code_version, seed) VALUES (?, 'r', 'ace', '{}', 'queued', 'x', 1)").run(p.id);
    expect(getProject(db, p.id)).toMatchObject({ datasetCount: 1, imageCount: 2, runCount: 1 });
    store.close();
  });
});
