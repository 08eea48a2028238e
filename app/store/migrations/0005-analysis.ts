import type { Migration } from './migration';

/**
 * Model reports (spec §6): one row per evaluation of a checkpoint or a baseline. A baseline (random init, raw
 * pixels) belongs to no run; a checkpoint's report goes when its run is deleted.
 */
export const analysis: Migration = {
  version: 5,
  name: 'model reports',
  sql: `
CREATE TABLE model_reports (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  run_id INTEGER REFERENCES runs(id) ON DELETE CASCADE,
  extractor_kind TEXT NOT NULL CHECK (extractor_kind IN ('checkpoint', 'random', 'pixels')),
  extractor_label TEXT NOT NULL,
  extractor_id TEXT NOT NULL,
  settings_json TEXT NOT NULL,
  metrics_json TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  CHECK (extractor_kind = 'checkpoint' OR run_id IS NULL)
);
CREATE INDEX model_reports_by_project ON model_reports(project_id, id);
CREATE INDEX model_reports_by_run ON model_reports(run_id);
`,
};
