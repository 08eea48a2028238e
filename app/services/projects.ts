import { ensureDefaultTemplate } from '../annotations/templates';
import type { Project } from '../api/contract';
import { ApiError } from '../api/errors';
import type { Db } from '../store/database';
import { logEvent } from './events';

interface ProjectRow {
  id: number;
  name: string;
  description: string;
  created_at: string;
  updated_at: string;
  dataset_count: number;
  image_count: number;
  run_count: number;
}

const SELECT_PROJECT = `
SELECT p.id, p.name, p.description, p.created_at, p.updated_at,
  (SELECT COUNT(*) FROM datasets d WHERE d.project_id = p.id) AS dataset_count,
  (SELECT COUNT(*) FROM images i JOIN datasets d ON d.id = i.dataset_id WHERE d.project_id = p.id) AS image_count,
  (SELECT COUNT(*) FROM runs r WHERE r.project_id = p.id) AS run_count
FROM projects p`;

function toProject(row: ProjectRow): Project {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    datasetCount: row.dataset_count,
    imageCount: row.image_count,
    runCount: row.run_count,
  };
}

export const DEFAULT_PROJECT_NAME = 'Default project';

export function listProjects(db: Db): Project[] {
  return (db.prepare(`${SELECT_PROJECT} ORDER BY p.created_at DESC, p.id DESC`).all() as ProjectRow[]).map(toProject);
}

export function getProject(db: Db, id: number): Project {
  const row = db.prepare(`${SELECT_PROJECT} WHERE p.id = ?`).get(id) as ProjectRow | undefined;
  if (!row) throw new ApiError('not_found', `Project ${id} does not exist (it may have been deleted).`);
  return toProject(row);
}

function assertNameFree(db: Db, name: string, exceptId?: number): void {
  const clash = db.prepare('SELECT id, name FROM projects WHERE name = ? COLLATE NOCASE').get(name) as { id: number; name: string } | undefined;
  if (clash && clash.id !== exceptId) {
    throw new ApiError('conflict', `A project named "${clash.name}" already exists (names are compared ignoring case). Choose another name.`);
  }
}

export function createProject(db: Db, name: string, description = ''): Project {
  return db.transaction(() => {
    assertNameFree(db, name);
    const { lastInsertRowid } = db.prepare('INSERT INTO projects (name, description) VALUES (?, ?)').run(name, description);
    const id = Number(lastInsertRowid);
    logEvent(db, { kind: 'project.created', projectId: id, message: `Created project "${name}"` });
    // Every project starts with the default chest landmark template (issue 6).
    ensureDefaultTemplate(db, id);
    return getProject(db, id);
  }).immediate();
}

export function renameProject(db: Db, id: number, name: string): Project {
  return db.transaction(() => {
    const before = getProject(db, id);
    assertNameFree(db, name, id);
    db.prepare("UPDATE projects SET name = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?").run(name, id);
    logEvent(db, { kind: 'project.renamed', projectId: id, message: `Renamed project "${before.name}" to "${name}"` });
    return getProject(db, id);
  }).immediate();
}

export function deleteProject(db: Db, id: number): void {
  db.transaction(() => {
    const before = getProject(db, id);
    db.prepare('DELETE FROM projects WHERE id = ?').run(id);
    logEvent(db, { kind: 'project.deleted', projectId: null, message: `Deleted project "${before.name}" (id ${id})` });
  }).immediate();
}

/** The first screen is never empty: a fresh installation gets one project to work in. */
export function ensureDefaultProject(db: Db): Project {
  return db.transaction(() => {
    const first = db.prepare('SELECT id FROM projects ORDER BY id LIMIT 1').get() as { id: number } | undefined;
    return first ? getProject(db, first.id) : createProject(db, DEFAULT_PROJECT_NAME, 'Created automatically on first start.');
  }).immediate();
}
