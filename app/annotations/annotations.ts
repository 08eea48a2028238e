import { ApiError } from '../api/errors';
import type {
  ImageAnnotations,
  ImageStatusInfo,
  ImageWorkStatus,
  LandmarkChange,
  LandmarkValue,
  SuggestionRecord,
  TemplatePoint,
} from '../api/schemas/annotations';
import type { Db } from '../store/database';
import { distance, insideImage } from './geometry';
import { loadTemplate, type LoadedTemplate } from './templates';
import { writeTx } from './tx';

/**
 * One image's landmarks for one template and annotator: read, change (one transaction per call, however many
 * points), and the per-image workflow status. The Annotate page calls setLandmarks on every keystroke/click, and
 * undo/redo sends a previous state back through the same call — so a change is a full description of the new
 * state of a point, never a delta.
 *
 * Individual point edits are not written to the events log: the annotation rows carry who and when, and an audit
 * row per click would bury the structural events (template edits, imports, deletions) the log is for.
 */

export interface AnnotationRow {
  image_id: number;
  template_id: number;
  landmark: string;
  annotator: string;
  state: 'placed' | 'absent';
  x: number | null;
  y: number | null;
  suggested: number;
  locked: number;
  suggested_x: number | null;
  suggested_y: number | null;
  suggestion_confidence: number | null;
  suggestion_source: 'atlas' | 'model' | null;
  created_at: string;
  updated_at: string;
}

export interface AnnotatableImage {
  id: number;
  datasetId: number;
  projectId: number;
  sourcePath: string;
  fileName: string;
  width: number;
  height: number;
}

const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";

export function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

export function annotatableImage(db: Db, imageId: number): AnnotatableImage {
  const r = db
    .prepare('SELECT i.id, i.dataset_id, d.project_id, i.source_path, i.status, i.rows, i.cols FROM images i JOIN datasets d ON d.id = i.dataset_id WHERE i.id = ?')
    .get(imageId) as { id: number; dataset_id: number; project_id: number; source_path: string; status: string; rows: number | null; cols: number | null } | undefined;
  if (!r) throw new ApiError('not_found', `Image ${imageId} does not exist (its dataset may have been deleted).`);
  if (r.rows === null || r.cols === null || r.rows <= 0 || r.cols <= 0) {
    throw new ApiError('invalid_input', `Image ${imageId} (${baseName(r.source_path)}) has no pixel data (status "${r.status}"), so it cannot be annotated.`);
  }
  return { id: r.id, datasetId: r.dataset_id, projectId: r.project_id, sourcePath: r.source_path, fileName: baseName(r.source_path), width: r.cols, height: r.rows };
}

/** An image and a template of the same project; anything else is a caller mistake worth a clear message. */
export function annotationContext(db: Db, imageId: number, templateId: number): { image: AnnotatableImage; template: LoadedTemplate } {
  const image = annotatableImage(db, imageId);
  const template = loadTemplate(db, templateId);
  if (template.projectId !== image.projectId) {
    throw new ApiError('invalid_input', `Template "${template.name}" belongs to another project than image ${imageId}; choose a template of the image's project.`);
  }
  return { image, template };
}

export function suggestionOf(r: AnnotationRow): SuggestionRecord | null {
  if (r.suggested_x === null || r.suggested_y === null) return null;
  return { x: r.suggested_x, y: r.suggested_y, confidence: r.suggestion_confidence ?? 0, source: r.suggestion_source ?? 'atlas' };
}

function valueOf(point: TemplatePoint, r: AnnotationRow | undefined): LandmarkValue {
  if (!r) return { landmark: point.id, state: 'unset', x: null, y: null, locked: false, suggested: false, suggestion: null, movedBy: null, updatedAt: null };
  const suggestion = suggestionOf(r);
  return {
    landmark: point.id,
    state: r.state,
    x: r.x,
    y: r.y,
    locked: r.locked === 1,
    suggested: suggestion !== null,
    suggestion,
    movedBy: suggestion && r.x !== null && r.y !== null ? distance(r.x, r.y, suggestion.x, suggestion.y) : null,
    updatedAt: r.updated_at,
  };
}

function rowsOf(db: Db, imageId: number, templateId: number, annotator: string): Map<string, AnnotationRow> {
  const rows = db
    .prepare('SELECT * FROM landmark_annotations WHERE image_id = ? AND template_id = ? AND annotator = ?')
    .all(imageId, templateId, annotator) as AnnotationRow[];
  return new Map(rows.map((r) => [r.landmark, r]));
}

function statusInfo(db: Db, image: AnnotatableImage, template: LoadedTemplate, annotator: string, rows: Map<string, AnnotationRow>): ImageStatusInfo {
  const r = db
    .prepare('SELECT status, seconds_spent, updated_at FROM landmark_image_status WHERE image_id = ? AND template_id = ? AND annotator = ?')
    .get(image.id, template.id, annotator) as { status: ImageWorkStatus; seconds_spent: number; updated_at: string } | undefined;
  let placed = 0;
  let absent = 0;
  const unsetIds: string[] = [];
  const oddAbsent: string[] = [];
  for (const p of template.points) {
    const a = rows.get(p.id);
    if (!a) unsetIds.push(p.id);
    else if (a.state === 'placed') placed++;
    else {
      absent++;
      if (!p.mayBeAbsent) oddAbsent.push(p.id);
    }
  }
  const status = r?.status ?? 'not_started';
  const warnings: string[] = [];
  if (status === 'done' && unsetIds.length > 0) warnings.push(`Marked done with ${unsetIds.length} landmark(s) neither placed nor absent: ${unsetIds.join(', ')}.`);
  if (oddAbsent.length > 0) warnings.push(`Marked absent although the template expects them to be visible: ${oddAbsent.join(', ')}.`);
  return { status, secondsSpent: r?.seconds_spent ?? 0, updatedAt: r?.updated_at ?? null, placed, absent, unset: unsetIds.length, warnings };
}

export function getImageAnnotations(db: Db, imageId: number, templateId: number, annotator: string): ImageAnnotations {
  const { image, template } = annotationContext(db, imageId, templateId);
  return describe(db, image, template, annotator);
}

function describe(db: Db, image: AnnotatableImage, template: LoadedTemplate, annotator: string): ImageAnnotations {
  const rows = rowsOf(db, image.id, template.id, annotator);
  const annotators = (
    db
      .prepare(
        `SELECT annotator FROM landmark_annotations WHERE image_id = ? AND template_id = ?
         UNION SELECT annotator FROM landmark_image_status WHERE image_id = ? AND template_id = ? ORDER BY annotator`,
      )
      .all(image.id, template.id, image.id, template.id) as { annotator: string }[]
  ).map((r) => r.annotator);
  return {
    imageId: image.id,
    datasetId: image.datasetId,
    templateId: template.id,
    templateRevision: template.revision,
    annotator,
    fileName: image.fileName,
    width: image.width,
    height: image.height,
    landmarks: template.points.map((p) => valueOf(p, rows.get(p.id))),
    status: statusInfo(db, image, template, annotator, rows),
    annotators,
  };
}

function sameNumber(a: number | null, b: number | null | undefined): boolean {
  return (a ?? null) === (b ?? null);
}

/**
 * Applies the changes in order, all or nothing: any invalid change (unknown landmark, point outside the image,
 * moving a locked point) rolls back the whole call and leaves the image exactly as it was.
 */
export function setLandmarks(db: Db, imageId: number, templateId: number, annotator: string, changes: readonly LandmarkChange[]): ImageAnnotations {
  return writeTx(db, () => {
    const { image, template } = annotationContext(db, imageId, templateId);
    const known = new Set(template.points.map((p) => p.id));
    const upsert = db.prepare(`
      INSERT INTO landmark_annotations (image_id, template_id, landmark, annotator, state, x, y, suggested, locked, suggested_x, suggested_y,
        suggestion_confidence, suggestion_source)
      VALUES (@image_id, @template_id, @landmark, @annotator, @state, @x, @y, @suggested, @locked, @suggested_x, @suggested_y,
        @suggestion_confidence, @suggestion_source)
      ON CONFLICT (image_id, template_id, landmark, annotator) DO UPDATE SET
        state = excluded.state, x = excluded.x, y = excluded.y, suggested = excluded.suggested, locked = excluded.locked,
        suggested_x = excluded.suggested_x, suggested_y = excluded.suggested_y, suggestion_confidence = excluded.suggestion_confidence,
        suggestion_source = excluded.suggestion_source, updated_at = ${NOW}`);
    const remove = db.prepare('DELETE FROM landmark_annotations WHERE image_id = ? AND template_id = ? AND landmark = ? AND annotator = ?');
    let rows = rowsOf(db, image.id, template.id, annotator);
    for (const change of changes) {
      if (!known.has(change.landmark)) {
        throw new ApiError('invalid_input', `Template "${template.name}" has no landmark "${change.landmark}".`);
      }
      const current = rows.get(change.landmark);
      const unlocking = change.locked === false;
      const moves =
        current === undefined
          ? change.state !== 'unset'
          : change.state !== current.state || !sameNumber(current.x, change.x) || !sameNumber(current.y, change.y);
      if (current?.locked === 1 && moves && !unlocking) {
        throw new ApiError('conflict', `Landmark "${change.landmark}" is locked; unlock it before moving, clearing or marking it absent.`);
      }
      if (change.state === 'unset') {
        remove.run(image.id, template.id, change.landmark, annotator);
        rows = rowsOf(db, image.id, template.id, annotator);
        continue;
      }
      if (change.state === 'placed' && !insideImage(change.x!, change.y!, image.width, image.height)) {
        throw new ApiError(
          'invalid_input',
          `Landmark "${change.landmark}" at (${change.x}, ${change.y}) is outside image ${image.fileName} (${image.width}×${image.height} px, original pixel coordinates).`,
        );
      }
      const suggestion = change.suggestion === undefined ? (current ? suggestionOf(current) : null) : change.suggestion;
      const locked = change.locked ?? current?.locked === 1;
      const next = {
        image_id: image.id,
        template_id: template.id,
        landmark: change.landmark,
        annotator,
        state: change.state,
        x: change.state === 'placed' ? change.x! : null,
        y: change.state === 'placed' ? change.y! : null,
        suggested: suggestion ? 1 : 0,
        locked: locked ? 1 : 0,
        suggested_x: suggestion?.x ?? null,
        suggested_y: suggestion?.y ?? null,
        suggestion_confidence: suggestion?.confidence ?? null,
        suggestion_source: suggestion?.source ?? null,
      };
      const same =
        current !== undefined &&
        (['state', 'x', 'y', 'suggested', 'locked', 'suggested_x', 'suggested_y', 'suggestion_confidence', 'suggestion_source'] as const).every(
          (k) => current[k] === next[k],
        );
      // Re-applying the current state (a repeated key press, a redo) keeps the timestamp of the real change.
      if (!same) upsert.run(next);
      rows = rowsOf(db, image.id, template.id, annotator);
    }
    // The first point placed moves the image from "not started" to "in progress", so the queue reflects real work.
    if (rows.size > 0) {
      db.prepare(
        `INSERT INTO landmark_image_status (image_id, template_id, annotator, status) VALUES (?, ?, ?, 'in_progress')
         ON CONFLICT (image_id, template_id, annotator) DO UPDATE SET status = 'in_progress', updated_at = ${NOW} WHERE status = 'not_started'`,
      ).run(image.id, template.id, annotator);
    }
    return describe(db, image, template, annotator);
  });
}

export interface StatusChange {
  /** Omitted: the image keeps its status, except that time spent on a not-started image makes it "in progress". */
  readonly status?: ImageWorkStatus;
  readonly secondsSpent?: number;
  readonly addSeconds?: number;
}

/** The status an image ends up with: the one asked for, else the current one, moved on from "not started" by time spent. */
function nextStatus(current: ImageWorkStatus, change: StatusChange, seconds: number): ImageWorkStatus {
  if (change.status) return change.status;
  return current === 'not_started' && seconds > 0 ? 'in_progress' : current;
}

export function setImageStatus(db: Db, imageId: number, templateId: number, annotator: string, change: StatusChange): ImageStatusInfo {
  return writeTx(db, () => {
    const { image, template } = annotationContext(db, imageId, templateId);
    const before = db
      .prepare('SELECT status, seconds_spent FROM landmark_image_status WHERE image_id = ? AND template_id = ? AND annotator = ?')
      .get(image.id, template.id, annotator) as { status: ImageWorkStatus; seconds_spent: number } | undefined;
    const seconds = change.secondsSpent ?? (before?.seconds_spent ?? 0) + (change.addSeconds ?? 0);
    const status = nextStatus(before?.status ?? 'not_started', change, seconds);
    // A report of no time on an untouched image writes nothing: a status row lists its annotator as one of the image's.
    if (before || status !== 'not_started' || seconds > 0) {
      db.prepare(
        `INSERT INTO landmark_image_status (image_id, template_id, annotator, status, seconds_spent) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (image_id, template_id, annotator) DO UPDATE SET status = excluded.status, seconds_spent = excluded.seconds_spent, updated_at = ${NOW}`,
      ).run(image.id, template.id, annotator, status, seconds);
    }
    return statusInfo(db, image, template, annotator, rowsOf(db, image.id, template.id, annotator));
  });
}

/** Annotator names used in a dataset (with any template, or one), for the session's name picker. */
export function listAnnotators(db: Db, datasetId: number, templateId?: number): string[] {
  const filter = templateId === undefined ? '' : 'AND x.template_id = ?';
  const params = templateId === undefined ? [datasetId, datasetId] : [datasetId, templateId, datasetId, templateId];
  return (
    db
      .prepare(
        `SELECT annotator FROM landmark_annotations x JOIN images i ON i.id = x.image_id WHERE i.dataset_id = ? ${filter}
         UNION SELECT annotator FROM landmark_image_status x JOIN images i ON i.id = x.image_id WHERE i.dataset_id = ? ${filter}
         ORDER BY annotator`,
      )
      .all(...params) as { annotator: string }[]
  ).map((r) => r.annotator);
}
