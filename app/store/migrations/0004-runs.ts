import type { Migration } from './migration';

/** What running pretraining needs beyond the initial runs table: its datasets, progress, log tail and checkpoint folder. */
export const runs: Migration = {
  version: 4,
  name: 'run datasets, progress, log tail',
  sql: `
CREATE TABLE run_datasets (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE RESTRICT,
  PRIMARY KEY (run_id, dataset_id)
) WITHOUT ROWID;

ALTER TABLE runs ADD COLUMN steps_total INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN steps_done INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN images INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN data_hash TEXT;
ALTER TABLE runs ADD COLUMN checkpoint_dir TEXT;
ALTER TABLE runs ADD COLUMN log_tail TEXT NOT NULL DEFAULT '';
CREATE INDEX runs_by_project ON runs(project_id, id);
CREATE INDEX run_metrics_by_step ON run_metrics(run_id, step);
`,
};
