import { ApiError } from '../api/errors';
import type { Template, TemplatePoint } from '../api/schemas/annotations';
import { logEvent } from '../services/events';
import type { Db } from '../store/database';
import { DEFAULT_TEMPLATE_NAME, defaultChestPoints } from './default-template';
import { checkPoints } from './template-points';
import { writeTx } from './tx';

interface TemplateRow {
  id: number;
  project_id: number;
  name: string;
  revision: number;
  points_json: string;
  created_at: string;
  updated_at: string;
}

/** A template without its annotation counts: what the annotation code needs on every call. */
export interface LoadedTemplate {
  readonly id: number;
  readonly projectId: number;
  readonly name: string;
  readonly revision: number;
  readonly points: readonly TemplatePoint[];
}

const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";

function projectName(db: Db, projectId: number): string {
  // Read directly rather than through services/projects, which itself calls into this module at project creation.
  const row = db.prepare('SELECT name FROM projects WHERE id = ?').get(projectId) as { name: string } | undefined;
  if (!row) throw new ApiError('not_found', `Project ${projectId} does not exist (it may have been deleted).`);
  return row.name;
}

function row(db: Db, id: number): TemplateRow {
  const r = db.prepare('SELECT * FROM landmark_templates WHERE id = ?').get(id) as TemplateRow | undefined;
  if (!r) throw new ApiError('not_found', `Landmark template ${id} does not exist (it may have been deleted).`);
  return r;
}

export function loadTemplate(db: Db, id: number): LoadedTemplate {
  const r = row(db, id);
  return { id: r.id, projectId: r.project_id, name: r.name, revision: r.revision, points: JSON.parse(r.points_json) as TemplatePoint[] };
}

function counts(db: Db, templateId: number): Record<string, number> {
  const rows = db.prepare('SELECT landmark, COUNT(*) AS n FROM landmark_annotations WHERE template_id = ? GROUP BY landmark').all(templateId) as {
    landmark: string;
    n: number;
  }[];
  return Object.fromEntries(rows.map((r) => [r.landmark, r.n]));
}

function toTemplate(db: Db, r: TemplateRow): Template {
  const annotationCounts = counts(db, r.id);
  return {
    id: r.id,
    projectId: r.project_id,
    name: r.name,
    revision: r.revision,
    points: JSON.parse(r.points_json) as TemplatePoint[],
    annotationCounts,
    annotationCount: Object.values(annotationCounts).reduce((a, b) => a + b, 0),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function getTemplate(db: Db, id: number): Template {
  return toTemplate(db, row(db, id));
}

export function findTemplateByName(db: Db, projectId: number, name: string): Template | null {
  const r = db.prepare('SELECT * FROM landmark_templates WHERE project_id = ? AND name = ? COLLATE NOCASE').get(projectId, name) as TemplateRow | undefined;
  return r ? toTemplate(db, r) : null;
}

function assertNameFree(db: Db, projectId: number, name: string, exceptId?: number): void {
  const clash = db.prepare('SELECT id, name FROM landmark_templates WHERE project_id = ? AND name = ? COLLATE NOCASE').get(projectId, name) as
    | { id: number; name: string }
    | undefined;
  if (clash && clash.id !== exceptId) {
    throw new ApiError('conflict', `This project already has a landmark template named "${clash.name}" (names are compared ignoring case). Choose another name.`);
  }
}

/** "Name (2)", "Name (3)", … : the first name not taken in the project. */
export function freeTemplateName(db: Db, projectId: number, wanted: string): string {
  const taken = (n: string) => db.prepare('SELECT 1 FROM landmark_templates WHERE project_id = ? AND name = ? COLLATE NOCASE').get(projectId, n) !== undefined;
  if (!taken(wanted)) return wanted;
  const base = wanted.replace(/ \(\d+\)$/, '').slice(0, 110);
  for (let n = 2; ; n++) if (!taken(`${base} (${n})`)) return `${base} (${n})`;
}

function insert(db: Db, projectId: number, name: string, points: readonly TemplatePoint[]): number {
  return Number(
    db.prepare('INSERT INTO landmark_templates (project_id, name, points_json) VALUES (?, ?, ?)').run(projectId, name, JSON.stringify(points)).lastInsertRowid,
  );
}

export function createTemplate(db: Db, projectId: number, name: string, points: readonly TemplatePoint[]): Template {
  return writeTx(db, () => {
    projectName(db, projectId);
    checkPoints(points);
    assertNameFree(db, projectId, name);
    const id = insert(db, projectId, name, points);
    logEvent(db, { kind: 'template.created', projectId, message: `Created landmark template "${name}" (${points.length} points)`, payload: { templateId: id } });
    return getTemplate(db, id);
  });
}

/**
 * Every project starts with the default chest template. Idempotent: it only adds one when the project has no
 * template at all, so a user who renamed or replaced it is left alone (and one who deleted every template gets it
 * back on the next list, so the Annotate page always has a template to offer).
 */
export function ensureDefaultTemplate(db: Db, projectId: number): void {
  writeTx(db, () => {
    const any = db.prepare('SELECT 1 FROM landmark_templates WHERE project_id = ? LIMIT 1').get(projectId);
    if (any) return;
    projectName(db, projectId);
    const name = freeTemplateName(db, projectId, DEFAULT_TEMPLATE_NAME);
    const points = defaultChestPoints();
    // No event of its own: it is part of creating the project (or of the first look at its templates), not a user action.
    insert(db, projectId, name, points);
  });
}

export function listTemplates(db: Db, projectId: number): Template[] {
  projectName(db, projectId);
  ensureDefaultTemplate(db, projectId);
  const rows = db.prepare('SELECT * FROM landmark_templates WHERE project_id = ? ORDER BY created_at, id').all(projectId) as TemplateRow[];
  return rows.map((r) => toTemplate(db, r));
}

export interface TemplateUpdate {
  readonly name?: string;
  readonly points?: readonly TemplatePoint[];
  /** Points being removed whose annotations the caller explicitly agrees to delete. */
  readonly dropAnnotationsOf?: readonly string[];
  /** Refuse the edit when the template changed since the caller read it (another window, another annotator). */
  readonly expectedRevision?: number;
}

/**
 * Renames, reorders, recolours, edits, adds and removes points. Point ids are the identity annotations refer to, so
 * a point that disappears from the list is a removal — refused while it has annotations, unless the caller lists it
 * in dropAnnotationsOf (then its annotations are deleted in the same transaction, and the count is logged).
 */
export function updateTemplate(db: Db, id: number, update: TemplateUpdate): Template {
  return writeTx(db, () => {
    const before = loadTemplate(db, id);
    if (update.expectedRevision !== undefined && update.expectedRevision !== before.revision) {
      throw new ApiError(
        'conflict',
        `Template "${before.name}" was changed elsewhere (revision ${before.revision}, you edited revision ${update.expectedRevision}). Reload it and apply your edit again.`,
        { revision: before.revision },
      );
    }
    const name = update.name ?? before.name;
    if (update.name !== undefined) assertNameFree(db, before.projectId, name, id);
    const points = update.points ?? before.points;
    checkPoints(points);
    const kept = new Set(points.map((p) => p.id));
    const removed = before.points.filter((p) => !kept.has(p.id)).map((p) => p.id);
    const drop = new Set(update.dropAnnotationsOf ?? []);
    for (const d of drop) {
      if (!removed.includes(d)) throw new ApiError('invalid_input', `dropAnnotationsOf names "${d}", which this edit does not remove from the template.`);
    }
    const annotated = counts(db, id);
    const blocked = removed.filter((p) => (annotated[p] ?? 0) > 0 && !drop.has(p));
    if (blocked.length > 0) {
      const added = points.filter((p) => !before.points.some((b) => b.id === p.id)).map((p) => p.id);
      const list = blocked.map((p) => `"${p}" (${annotated[p]} annotation${annotated[p] === 1 ? '' : 's'})`).join(', ');
      const hint = added.length > 0 ? ' Point ids are stable: to rename a point, change its name, not its id.' : '';
      throw new ApiError(
        'conflict',
        `Removing ${list} would delete annotations. List ${blocked.length === 1 ? 'it' : 'them'} in dropAnnotationsOf to delete them on purpose.${hint}`,
        { annotations: Object.fromEntries(blocked.map((p) => [p, annotated[p]])) },
      );
    }
    let dropped = 0;
    for (const p of drop) dropped += db.prepare('DELETE FROM landmark_annotations WHERE template_id = ? AND landmark = ?').run(id, p).changes;
    const unchanged = name === before.name && JSON.stringify(points) === JSON.stringify(before.points);
    if (unchanged) return getTemplate(db, id);
    db.prepare(`UPDATE landmark_templates SET name = ?, points_json = ?, revision = revision + 1, updated_at = ${NOW} WHERE id = ?`).run(
      name,
      JSON.stringify(points),
      id,
    );
    logEvent(db, {
      kind: 'template.updated',
      projectId: before.projectId,
      message: `Edited landmark template "${name}"${removed.length ? `; removed ${removed.join(', ')}` : ''}${dropped ? ` and deleted their ${dropped} annotations` : ''}`,
      payload: { templateId: id, revision: before.revision + 1, removed, droppedAnnotations: dropped },
    });
    return getTemplate(db, id);
  });
}

export function duplicateTemplate(db: Db, id: number, name?: string): Template {
  return writeTx(db, () => {
    const source = loadTemplate(db, id);
    const copyName = name ?? freeTemplateName(db, source.projectId, `${source.name} (copy)`);
    assertNameFree(db, source.projectId, copyName);
    const copyId = insert(db, source.projectId, copyName, source.points);
    logEvent(db, { kind: 'template.created', projectId: source.projectId, message: `Duplicated landmark template "${source.name}" as "${copyName}"`, payload: { templateId: copyId, from: id } });
    return getTemplate(db, copyId);
  });
}

/** Refused while annotations exist unless forced; then they go with it, in the same transaction. */
export function deleteTemplate(db: Db, id: number, force: boolean): { annotationsDeleted: number } {
  return writeTx(db, () => {
    const t = loadTemplate(db, id);
    const n = (db.prepare('SELECT COUNT(*) AS n FROM landmark_annotations WHERE template_id = ?').get(id) as { n: number }).n;
    if (n > 0 && !force) {
      throw new ApiError('conflict', `Template "${t.name}" has ${n} annotation${n === 1 ? '' : 's'}. Delete with force to delete them too, or export them first.`, {
        annotations: n,
      });
    }
    db.prepare('DELETE FROM landmark_templates WHERE id = ?').run(id);
    logEvent(db, { kind: 'template.deleted', projectId: t.projectId, message: `Deleted landmark template "${t.name}"${n ? ` and its ${n} annotations` : ''}`, payload: { templateId: id, annotations: n } });
    return { annotationsDeleted: n };
  });
}
