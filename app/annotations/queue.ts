import { ApiError } from '../api/errors';
import type { DatasetProgress, ImageWorkStatus, QueueOutput } from '../api/schemas/annotations';
import type { Db } from '../store/database';
import { baseName } from './annotations';
import { distance, mean, median } from './geometry';
import { loadTemplate, type LoadedTemplate } from './templates';

/**
 * The Annotate page's list of images for one dataset, template and annotator. Order: not started first (the next
 * image to do is always item 0), then in progress, skipped, done; by path within each group so the order is stable
 * while the annotator works through it.
 */

/** Images that can be annotated: imported with pixels (duplicates are annotated once, on the original). */
const ANNOTATABLE = "i.dataset_id = ? AND i.status = 'ok' AND i.rows IS NOT NULL AND i.cols IS NOT NULL";
const STATUS = "COALESCE(s.status, 'not_started')";
const RANK = `CASE ${STATUS} WHEN 'not_started' THEN 0 WHEN 'in_progress' THEN 1 WHEN 'skipped' THEN 2 ELSE 3 END`;

export function datasetTemplate(db: Db, datasetId: number, templateId: number): LoadedTemplate {
  const d = db.prepare('SELECT project_id, name FROM datasets WHERE id = ?').get(datasetId) as { project_id: number; name: string } | undefined;
  if (!d) throw new ApiError('not_found', `Dataset ${datasetId} does not exist (it may have been deleted).`);
  const template = loadTemplate(db, templateId);
  if (template.projectId !== d.project_id) {
    throw new ApiError('invalid_input', `Template "${template.name}" belongs to another project than dataset "${d.name}".`);
  }
  return template;
}

export function datasetProgress(db: Db, datasetId: number, templateId: number, annotator: string): DatasetProgress {
  const byStatus = db
    .prepare(
      `SELECT ${STATUS} AS status, COUNT(*) AS n, COALESCE(SUM(s.seconds_spent), 0) AS seconds
       FROM images i LEFT JOIN landmark_image_status s ON s.image_id = i.id AND s.template_id = ? AND s.annotator = ?
       WHERE ${ANNOTATABLE} GROUP BY 1`,
    )
    .all(templateId, annotator, datasetId) as { status: ImageWorkStatus; n: number; seconds: number }[];
  const count = (s: ImageWorkStatus) => byStatus.find((r) => r.status === s)?.n ?? 0;
  const doneSeconds = (
    db
      .prepare(
        `SELECT s.seconds_spent AS seconds FROM landmark_image_status s JOIN images i ON i.id = s.image_id
         WHERE ${ANNOTATABLE} AND s.template_id = ? AND s.annotator = ? AND s.status = 'done' AND s.seconds_spent > 0`,
      )
      .all(datasetId, templateId, annotator) as { seconds: number }[]
  ).map((r) => r.seconds);
  const moved = (
    db
      .prepare(
        `SELECT a.x, a.y, a.suggested_x AS sx, a.suggested_y AS sy FROM landmark_annotations a JOIN images i ON i.id = a.image_id
         WHERE ${ANNOTATABLE} AND a.template_id = ? AND a.annotator = ? AND a.state = 'placed' AND a.suggested_x IS NOT NULL`,
      )
      .all(datasetId, templateId, annotator) as { x: number; y: number; sx: number; sy: number }[]
  ).map((r) => distance(r.x, r.y, r.sx, r.sy));
  return {
    total: byStatus.reduce((a, r) => a + r.n, 0),
    notStarted: count('not_started'),
    inProgress: count('in_progress'),
    done: count('done'),
    skipped: count('skipped'),
    secondsTotal: byStatus.reduce((a, r) => a + r.seconds, 0),
    medianSecondsPerImage: median(doneSeconds),
    suggestions: { accepted: moved.length, meanMovedPx: mean(moved), medianMovedPx: median(moved) },
  };
}

export interface QueueQuery {
  readonly datasetId: number;
  readonly templateId: number;
  readonly annotator: string;
  readonly status?: readonly ImageWorkStatus[];
  readonly offset: number;
  readonly limit: number;
}

export function workQueue(db: Db, q: QueueQuery): QueueOutput {
  datasetTemplate(db, q.datasetId, q.templateId);
  const statuses = q.status && q.status.length > 0 ? q.status : null;
  const filter = statuses ? `AND ${STATUS} IN (${statuses.map(() => '?').join(', ')})` : '';
  const from = `FROM images i LEFT JOIN landmark_image_status s ON s.image_id = i.id AND s.template_id = ? AND s.annotator = ?
    WHERE ${ANNOTATABLE} ${filter}`;
  const params = [q.templateId, q.annotator, q.datasetId, ...(statuses ?? [])];
  const total = (db.prepare(`SELECT COUNT(*) AS n ${from}`).get(...params) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT i.id, i.source_path, i.cols, i.rows, ${STATUS} AS status, COALESCE(s.seconds_spent, 0) AS seconds, s.updated_at,
         (SELECT COUNT(*) FROM landmark_annotations a WHERE a.image_id = i.id AND a.template_id = ? AND a.annotator = ? AND a.state = 'placed') AS placed,
         (SELECT COUNT(*) FROM landmark_annotations a WHERE a.image_id = i.id AND a.template_id = ? AND a.annotator = ? AND a.state = 'absent') AS absent
       ${from} ORDER BY ${RANK}, i.source_path, i.id LIMIT ? OFFSET ?`,
    )
    .all(q.templateId, q.annotator, q.templateId, q.annotator, ...params, q.limit, q.offset) as {
    id: number;
    source_path: string;
    cols: number;
    rows: number;
    status: ImageWorkStatus;
    seconds: number;
    updated_at: string | null;
    placed: number;
    absent: number;
  }[];
  return {
    progress: datasetProgress(db, q.datasetId, q.templateId, q.annotator),
    total,
    items: rows.map((r) => ({
      imageId: r.id,
      fileName: baseName(r.source_path),
      width: r.cols,
      height: r.rows,
      status: r.status,
      placed: r.placed,
      absent: r.absent,
      secondsSpent: r.seconds,
      updatedAt: r.updated_at,
    })),
  };
}
