import type { Migration } from './migration';

/** What the dataset import needs: filterable image columns, a record of each import, a per-project pseudonym salt. */
export const importColumns: Migration = {
  version: 2,
  name: 'image metadata columns, imports, patient salt',
  sql: `
ALTER TABLE projects ADD COLUMN patient_salt TEXT;

ALTER TABLE datasets ADD COLUMN kind TEXT NOT NULL DEFAULT 'imported' CHECK (kind IN ('imported', 'sample'));

ALTER TABLE images ADD COLUMN format TEXT;
ALTER TABLE images ADD COLUMN file_size INTEGER;
ALTER TABLE images ADD COLUMN file_mtime_ms REAL;
ALTER TABLE images ADD COLUMN patient_key TEXT;
ALTER TABLE images ADD COLUMN modality TEXT;
ALTER TABLE images ADD COLUMN view_position TEXT;
ALTER TABLE images ADD COLUMN sex TEXT;
ALTER TABLE images ADD COLUMN age_years REAL;
ALTER TABLE images ADD COLUMN cache_path TEXT;
ALTER TABLE images ADD COLUMN thumb_path TEXT;
ALTER TABLE images ADD COLUMN import_id INTEGER REFERENCES imports(id) ON DELETE SET NULL;
CREATE INDEX images_by_dataset_view ON images(dataset_id, view_position);
CREATE INDEX images_by_dataset_modality ON images(dataset_id, modality);
CREATE INDEX images_by_patient ON images(patient_key);

CREATE TABLE imports (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  sources_json TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'cancelled', 'interrupted', 'failed')),
  found INTEGER NOT NULL DEFAULT 0,
  imported INTEGER NOT NULL DEFAULT 0,
  duplicates INTEGER NOT NULL DEFAULT 0,
  no_image INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  skipped INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  started_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  finished_at TEXT
);
`,
};
