import type { Migration } from './migration';

/**
 * What landmark annotation needs beyond 0001:
 * - landmark_annotations is rebuilt (SQLite cannot alter a foreign key) so that its template reference cascades:
 *   0001's ON DELETE RESTRICT made deleting a project with annotations fail (projects cascade to templates before the
 *   images' annotations are gone). Deleting a template that has annotations is still refused, in code, unless forced.
 *   New columns: a per-point lock, and the suggestion the point started from (position, confidence, source), so
 *   "how far did the annotator move the suggestion" can be measured — that distance is itself a model-quality metric.
 * - landmark_image_status: per image, template and annotator, the workflow status and the time spent.
 * - template names are unique per project (compared ignoring case), as dataset names are.
 */
export const annotations: Migration = {
  version: 3,
  name: 'landmark annotation: locks, suggestions, per-image status',
  sql: `
CREATE TABLE landmark_annotations_v3 (
  id INTEGER PRIMARY KEY,
  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  template_id INTEGER NOT NULL REFERENCES landmark_templates(id) ON DELETE CASCADE,
  landmark TEXT NOT NULL,
  annotator TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('placed', 'absent')),
  x REAL,
  y REAL,
  suggested INTEGER NOT NULL DEFAULT 0,
  locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
  suggested_x REAL,
  suggested_y REAL,
  suggestion_confidence REAL,
  suggestion_source TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  UNIQUE (image_id, template_id, landmark, annotator),
  CHECK ((state = 'placed') = (x IS NOT NULL AND y IS NOT NULL)),
  CHECK ((suggested_x IS NULL) = (suggested_y IS NULL))
);
INSERT INTO landmark_annotations_v3 (id, image_id, template_id, landmark, annotator, state, x, y, suggested, created_at, updated_at)
  SELECT id, image_id, template_id, landmark, annotator, state, x, y, suggested, created_at, updated_at FROM landmark_annotations;
DROP TABLE landmark_annotations;
ALTER TABLE landmark_annotations_v3 RENAME TO landmark_annotations;
CREATE INDEX landmark_annotations_by_template ON landmark_annotations(template_id, landmark);

CREATE UNIQUE INDEX landmark_templates_by_name ON landmark_templates(project_id, name COLLATE NOCASE);

CREATE TABLE landmark_image_status (
  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  template_id INTEGER NOT NULL REFERENCES landmark_templates(id) ON DELETE CASCADE,
  annotator TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'done', 'skipped')),
  seconds_spent REAL NOT NULL DEFAULT 0 CHECK (seconds_spent >= 0),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  PRIMARY KEY (image_id, template_id, annotator)
) WITHOUT ROWID;
CREATE INDEX landmark_image_status_by_template ON landmark_image_status(template_id, annotator, status);
`,
};
