import { ApiError } from '../api/errors';
import type { ExportFormat, FileContent, ImageWorkStatus } from '../api/schemas/annotations';
import type { Db } from '../store/database';
import { appName, appVersion } from '../version';
import { suggestionOf, type AnnotationRow } from './annotations';
import { FORMATS } from './formats';
import type { ExportAnnotation, ExportDocument, ExportStatus } from './formats/types';
import { distinctNames } from './image-names';
import { datasetTemplate } from './queue';

/** Reads what an export contains: images with annotations (in dataset order), their annotations and statuses. */
export function buildExportDocument(db: Db, datasetId: number, templateId: number, annotator?: string, now: Date = new Date()): ExportDocument {
  const template = datasetTemplate(db, datasetId, templateId);
  const dataset = db.prepare('SELECT name FROM datasets WHERE id = ?').get(datasetId) as { name: string };
  const all = db.prepare('SELECT id, source_path, cols, rows FROM images WHERE dataset_id = ? ORDER BY source_path, id').all(datasetId) as {
    id: number;
    source_path: string;
    cols: number | null;
    rows: number | null;
  }[];
  const names = distinctNames(all.map((i) => i.source_path));
  const who = annotator === undefined ? '' : 'AND a.annotator = ?';
  const rows = db
    .prepare(`SELECT a.* FROM landmark_annotations a JOIN images i ON i.id = a.image_id WHERE i.dataset_id = ? AND a.template_id = ? ${who}`)
    .all(...(annotator === undefined ? [datasetId, templateId] : [datasetId, templateId, annotator])) as AnnotationRow[];
  const statusRows = db
    .prepare(
      `SELECT s.image_id, s.annotator, s.status, s.seconds_spent, s.updated_at FROM landmark_image_status s JOIN images i ON i.id = s.image_id
       WHERE i.dataset_id = ? AND s.template_id = ? ${who.replace('a.', 's.')}`,
    )
    .all(...(annotator === undefined ? [datasetId, templateId] : [datasetId, templateId, annotator])) as {
    image_id: number;
    annotator: string;
    status: ImageWorkStatus;
    seconds_spent: number;
    updated_at: string;
  }[];
  const order = new Map(template.points.map((p, i) => [p.id, i]));
  const byImage = new Map<number, AnnotationRow[]>();
  for (const r of rows) {
    if (!order.has(r.landmark)) continue;
    const list = byImage.get(r.image_id);
    if (list) list.push(r);
    else byImage.set(r.image_id, [r]);
  }
  const statusByImage = new Map<number, typeof statusRows>();
  for (const s of statusRows) {
    const list = statusByImage.get(s.image_id);
    if (list) list.push(s);
    else statusByImage.set(s.image_id, [s]);
  }
  const images: ExportDocument['images'][number][] = [];
  const annotations: ExportAnnotation[] = [];
  const statuses: ExportStatus[] = [];
  for (const img of all) {
    const list = byImage.get(img.id);
    const st = statusByImage.get(img.id);
    if ((!list && !st) || img.cols === null || img.rows === null) continue;
    const file = names.get(img.source_path)!;
    images.push({ file, width: img.cols, height: img.rows });
    const sorted = [...(list ?? [])].sort((a, b) => (a.annotator < b.annotator ? -1 : a.annotator > b.annotator ? 1 : order.get(a.landmark)! - order.get(b.landmark)!));
    for (const r of sorted) {
      annotations.push({
        file,
        landmark: r.landmark,
        annotator: r.annotator,
        state: r.state,
        x: r.x,
        y: r.y,
        locked: r.locked === 1,
        suggestion: suggestionOf(r),
        updatedAt: r.updated_at,
      });
    }
    for (const s of [...(st ?? [])].sort((a, b) => (a.annotator < b.annotator ? -1 : 1))) {
      statuses.push({ file, annotator: s.annotator, status: s.status, secondsSpent: s.seconds_spent, updatedAt: s.updated_at });
    }
  }
  return {
    generator: `${appName} ${appVersion}`,
    exportedAt: now.toISOString(),
    dataset: dataset.name,
    template: { name: template.name, points: template.points },
    images,
    annotations,
    statuses,
  };
}

function fileStem(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'landmarks'
  );
}

export function exportAnnotations(db: Db, datasetId: number, templateId: number, format: ExportFormat, annotator?: string): FileContent {
  const doc = buildExportDocument(db, datasetId, templateId, annotator);
  if (doc.annotations.length === 0 && doc.statuses.length === 0) {
    throw new ApiError(
      'not_found',
      `Dataset "${doc.dataset}" has no annotations with template "${doc.template.name}"${annotator ? ` by "${annotator}"` : ''}; there is nothing to export.`,
    );
  }
  const spec = FORMATS[format];
  return { fileName: `${fileStem(`${doc.dataset}-${doc.template.name}`)}${spec.extension}`, mimeType: spec.mimeType, content: spec.write(doc) };
}
