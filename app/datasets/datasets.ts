import { ApiError } from '../api/errors';
import type { Dataset } from '../api/schemas/datasets';
import { DEFAULT_CACHE_SETTINGS, type CacheSettings } from '../import/cache-files';
import { logEvent } from '../services/events';
import { getProject } from '../services/projects';
import type { Db } from '../store/database';

export type { Dataset };


interface DatasetRow {
  id: number;
  project_id: number;
  name: string;
  kind: 'imported' | 'sample';
  settings_json: string;
  created_at: string;
  total: number;
  ok: number;
  duplicate: number;
  no_image: number;
  error: number;
}

const SELECT = `
SELECT d.id, d.project_id, d.name, d.kind, d.settings_json, d.created_at,
  COUNT(i.id) AS total,
  COALESCE(SUM(i.status = 'ok'), 0) AS ok,
  COALESCE(SUM(i.status = 'duplicate'), 0) AS duplicate,
  COALESCE(SUM(i.status = 'no_image'), 0) AS no_image,
  COALESCE(SUM(i.status = 'error'), 0) AS error
FROM datasets d LEFT JOIN images i ON i.dataset_id = d.id`;

function toDataset(row: DatasetRow): Dataset {
  return {
    id: row.id,
    projectId: row.project_id,
    name: row.name,
    kind: row.kind,
    settings: { ...DEFAULT_CACHE_SETTINGS, ...(JSON.parse(row.settings_json) as Partial<CacheSettings>) },
    createdAt: row.created_at,
    counts: { total: row.total, ok: row.ok, duplicate: row.duplicate, noImage: row.no_image, error: row.error },
  };
}

export function listDatasets(db: Db, projectId: number): Dataset[] {
  getProject(db, projectId);
  return (db.prepare(`${SELECT} WHERE d.project_id = ? GROUP BY d.id ORDER BY d.created_at, d.id`).all(projectId) as DatasetRow[]).map(toDataset);
}

export function getDataset(db: Db, id: number): Dataset {
  const row = db.prepare(`${SELECT} WHERE d.id = ? GROUP BY d.id`).get(id) as DatasetRow | undefined;
  if (!row) throw new ApiError('not_found', `Dataset ${id} does not exist (it may have been deleted).`);
  return toDataset(row);
}

export function findDataset(db: Db, projectId: number, name: string): Dataset | null {
  const row = db.prepare('SELECT id FROM datasets WHERE project_id = ? AND name = ? COLLATE NOCASE').get(projectId, name) as { id: number } | undefined;
  return row ? getDataset(db, row.id) : null;
}

export function createDataset(
  db: Db,
  projectId: number,
  name: string,
  settings: Partial<CacheSettings> = {},
  kind: Dataset['kind'] = 'imported',
): Dataset {
  return db.transaction(() => {
    const project = getProject(db, projectId);
    const clash = findDataset(db, projectId, name);
    if (clash) throw new ApiError('conflict', `Project "${project.name}" already has a dataset named "${clash.name}". Choose another name.`);
    const full = { ...DEFAULT_CACHE_SETTINGS, ...settings };
    const id = Number(
      db.prepare('INSERT INTO datasets (project_id, name, settings_json, kind) VALUES (?, ?, ?, ?)').run(projectId, name, JSON.stringify(full), kind)
        .lastInsertRowid,
    );
    logEvent(db, { kind: 'dataset.created', projectId, message: `Created dataset "${name}"`, payload: { datasetId: id, settings: full } });
    return getDataset(db, id);
  }).immediate();
}

export function renameDataset(db: Db, id: number, name: string): Dataset {
  return db.transaction(() => {
    const before = getDataset(db, id);
    const clash = findDataset(db, before.projectId, name);
    if (clash && clash.id !== id) throw new ApiError('conflict', `This project already has a dataset named "${clash.name}". Choose another name.`);
    db.prepare('UPDATE datasets SET name = ? WHERE id = ?').run(name, id);
    logEvent(db, { kind: 'dataset.renamed', projectId: before.projectId, message: `Renamed dataset "${before.name}" to "${name}"` });
    return getDataset(db, id);
  }).immediate();
}

/** Removes the dataset's rows; cache files are shared by content hash and stay until the cache is pruned. */
export function deleteDataset(db: Db, id: number): void {
  db.transaction(() => {
    const before = getDataset(db, id);
    db.prepare('DELETE FROM datasets WHERE id = ?').run(id);
    logEvent(db, { kind: 'dataset.deleted', projectId: before.projectId, message: `Deleted dataset "${before.name}" (${before.counts.total} images)` });
  }).immediate();
}

/** The per-project salt of pseudonymous patient keys: created once, never shown, so keys cannot be linked across projects. */
export function patientSalt(db: Db, projectId: number, fresh: () => string): string {
  return db.transaction(() => {
    db.prepare('UPDATE projects SET patient_salt = ? WHERE id = ? AND patient_salt IS NULL').run(fresh(), projectId);
    const row = db.prepare('SELECT patient_salt FROM projects WHERE id = ?').get(projectId) as { patient_salt: string } | undefined;
    if (!row) throw new ApiError('not_found', `Project ${projectId} does not exist.`);
    return row.patient_salt;
  }).immediate();
}
