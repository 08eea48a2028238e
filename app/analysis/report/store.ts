import { z } from 'zod';
import { ApiError } from '../../api/errors';
import type { Db } from '../../store/database';
import { ReportMetrics, ReportSettings } from './metrics';

export const ExtractorKind = z.enum(['checkpoint', 'random', 'pixels']);
export type ExtractorKind = z.infer<typeof ExtractorKind>;

const Id = z.number().int().positive();

export const NewReport = z.object({
  projectId: Id,
  /** The run whose checkpoint was evaluated; null for a baseline (random init, raw pixels). */
  runId: Id.nullable(),
  extractorKind: ExtractorKind,
  extractorLabel: z.string().min(1),
  extractorId: z.string().min(1),
  settings: ReportSettings.extend({ datasetId: Id.optional(), templateId: Id.optional() }),
  metrics: ReportMetrics,
});
export type NewReport = z.input<typeof NewReport>;

export const StoredReport = NewReport.extend({ id: Id, createdAt: z.string() });
export type StoredReport = z.infer<typeof StoredReport>;

interface ReportRow {
  id: number;
  project_id: number;
  run_id: number | null;
  extractor_kind: string;
  extractor_label: string;
  extractor_id: string;
  settings_json: string;
  metrics_json: string;
  created_at: string;
}

const describe = (error: z.ZodError): string => error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');

function toReport(row: ReportRow): StoredReport {
  const parsed = StoredReport.safeParse({
    id: row.id,
    projectId: row.project_id,
    runId: row.run_id,
    extractorKind: row.extractor_kind,
    extractorLabel: row.extractor_label,
    extractorId: row.extractor_id,
    settings: JSON.parse(row.settings_json),
    metrics: JSON.parse(row.metrics_json),
    createdAt: row.created_at,
  });
  if (!parsed.success) throw new ApiError('internal', `Model report ${row.id} in the database is malformed: ${describe(parsed.error)}`);
  return parsed.data;
}

/** Stores a finished report; the run (if any) must belong to the project, and only a checkpoint has one. */
export function saveReport(db: Db, report: NewReport): StoredReport {
  const parsed = NewReport.safeParse(report);
  if (!parsed.success) throw new ApiError('invalid_input', `Model report: ${describe(parsed.error)}`);
  const r = parsed.data;
  if (!db.prepare('SELECT 1 FROM projects WHERE id = ?').get(r.projectId)) throw new ApiError('not_found', `Project ${r.projectId} does not exist.`);
  if (r.runId !== null) {
    if (r.extractorKind !== 'checkpoint') throw new ApiError('invalid_input', `A ${r.extractorKind} baseline report belongs to no run, but run ${r.runId} was given.`);
    const run = db.prepare('SELECT project_id FROM runs WHERE id = ?').get(r.runId) as { project_id: number } | undefined;
    if (!run) throw new ApiError('not_found', `Run ${r.runId} does not exist.`);
    if (run.project_id !== r.projectId) throw new ApiError('invalid_input', `Run ${r.runId} belongs to another project than ${r.projectId}.`);
  }
  const id = db
    .prepare(
      `INSERT INTO model_reports (project_id, run_id, extractor_kind, extractor_label, extractor_id, settings_json, metrics_json)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(r.projectId, r.runId, r.extractorKind, r.extractorLabel, r.extractorId, JSON.stringify(r.settings), JSON.stringify(r.metrics)).lastInsertRowid;
  return toReport(db.prepare('SELECT * FROM model_reports WHERE id = ?').get(id) as ReportRow);
}

/** A project's reports, newest first. */
export function listReports(db: Db, projectId: number): StoredReport[] {
  return (db.prepare('SELECT * FROM model_reports WHERE project_id = ? ORDER BY id DESC').all(projectId) as ReportRow[]).map(toReport);
}
