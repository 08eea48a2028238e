import { ApiError } from '../api/errors';
import type { ImportFormat, ImportReport, JsrtPick, SuggestionRecord, TemplatePoint } from '../api/schemas/annotations';
import { logEvent } from '../services/events';
import type { Db } from '../store/database';
import { baseName, suggestionOf, type AnnotationRow } from './annotations';
import { FORMATS } from './formats';
import { parseJsrt } from './formats/jsrt';
import type { ParsedDocument } from './formats/types';
import { denormalise, insideImage } from './geometry';
import { createImageMatcher, type MatchResult } from './image-names';
import { datasetTemplate } from './queue';
import { pointsFromHints, slugify } from './template-points';
import { createTemplate, freeTemplateName } from './templates';
import { writeTx } from './tx';

/**
 * Import of any format in one pipeline: parse (pure, per format) → match images by file name within the dataset and
 * landmarks to template points → check sizes and bounds → plan → (unless a dry run) write everything in one
 * transaction. A dry run returns the same report without writing: what would be written and what would be skipped
 * and why, so the user decides before anything changes. Malformed files fail as a whole with the line/entry at fault.
 */

export interface ImportOptions {
  readonly datasetId: number;
  readonly templateId?: number;
  readonly templateName?: string;
  readonly format: ImportFormat;
  readonly content: string;
  readonly dryRun: boolean;
  readonly annotator?: string;
  readonly strict: boolean;
  readonly jsrtPoints?: readonly JsrtPick[];
}

const EXAMPLES = 20;
const DEFAULT_ANNOTATOR = 'imported';

interface DatasetImage {
  id: number;
  sourcePath: string;
  width: number;
  height: number;
}

interface PlannedWrite {
  image: DatasetImage;
  landmark: string;
  annotator: string;
  state: 'placed' | 'absent';
  x: number | null;
  y: number | null;
  locked: boolean | undefined;
  suggestion: SuggestionRecord | null | undefined;
  updatedAt: string | undefined;
  where: string;
}

class Problems<T> {
  count = 0;
  readonly examples: T[] = [];
  add(item: T): void {
    this.count++;
    if (this.examples.length < EXAMPLES) this.examples.push(item);
  }
  toJSON() {
    return { count: this.count, examples: this.examples };
  }
}

function parse(options: ImportOptions): ParsedDocument {
  if (options.format === 'jsrt') return parseJsrt(options.content, options.jsrtPoints, options.annotator ?? 'jsrt');
  return FORMATS[options.format].parse(options.content);
}

/** Landmark keys of the file → point ids of the template: by id, then by name (ignoring case), then by slug. */
function landmarkResolver(points: readonly TemplatePoint[]): (key: string) => string | undefined {
  const ids = new Set(points.map((p) => p.id));
  const byName = new Map(points.map((p) => [p.name.trim().toLowerCase(), p.id]));
  return (key) => {
    if (ids.has(key)) return key;
    return byName.get(key.trim().toLowerCase()) ?? (ids.has(slugify(key)) ? slugify(key) : undefined);
  };
}

export function importAnnotations(db: Db, options: ImportOptions): ImportReport {
  const doc = parse(options);
  const dataset = db.prepare('SELECT id, project_id, name FROM datasets WHERE id = ?').get(options.datasetId) as
    | { id: number; project_id: number; name: string }
    | undefined;
  if (!dataset) throw new ApiError('not_found', `Dataset ${options.datasetId} does not exist (it may have been deleted).`);

  // The template: the one named, or a new one from the file's landmarks (created only when actually importing).
  let templateId: number | null;
  let templateName: string;
  let points: readonly TemplatePoint[];
  let resolve: (key: string) => string | undefined;
  let created = false;
  if (options.templateId !== undefined) {
    const t = datasetTemplate(db, options.datasetId, options.templateId);
    templateId = t.id;
    templateName = t.name;
    points = t.points;
    resolve = landmarkResolver(points);
  } else {
    if (doc.landmarks.length === 0) throw new ApiError('invalid_input', 'The file names no landmarks, so no template can be made from it.');
    const fromFile = pointsFromHints(doc.landmarks);
    templateId = null;
    templateName = freeTemplateName(db, dataset.project_id, options.templateName ?? doc.templateName ?? 'Imported landmarks');
    points = fromFile.points;
    resolve = (key) => fromFile.idOfKey.get(key);
    created = true;
  }

  const images = (
    db.prepare("SELECT id, source_path, cols, rows FROM images WHERE dataset_id = ? AND status IN ('ok', 'duplicate') AND cols > 0 AND rows > 0").all(options.datasetId) as {
      id: number;
      source_path: string;
      cols: number;
      rows: number;
    }[]
  ).map((r) => ({ id: r.id, sourcePath: r.source_path, width: r.cols, height: r.rows }));
  const matcher = createImageMatcher(images);
  const matches = new Map<string, MatchResult<DatasetImage>>();
  const match = (file: string) => {
    let m = matches.get(file);
    if (!m) matches.set(file, (m = matcher(file)));
    return m;
  };
  const declared = new Map(doc.images.map((i) => [i.file, i]));

  const unknownImages = new Map<string, number>();
  const ambiguous = new Problems<{ file: string; candidates: string[] }>();
  const unknownLandmarks = new Map<string, number>();
  const outOfBounds = new Problems<ImportReport['problems']['outOfBounds']['examples'][number]>();
  const sizeMismatches = new Problems<ImportReport['problems']['sizeMismatches']['examples'][number]>();
  const duplicates = new Problems<ImportReport['problems']['duplicates']['examples'][number]>();
  const locked = new Problems<ImportReport['problems']['locked']['examples'][number]>();
  const mismatched = new Set<string>();
  const reportedAmbiguous = new Set<string>();

  const imageFor = (file: string): DatasetImage | null => {
    const m = match(file);
    if (m.kind === 'unknown') {
      unknownImages.set(file, (unknownImages.get(file) ?? 0) + 1);
      return null;
    }
    if (m.kind === 'ambiguous') {
      if (!reportedAmbiguous.has(file)) {
        reportedAmbiguous.add(file);
        ambiguous.add({ file, candidates: m.candidates.map((c) => c.sourcePath) });
      }
      return null;
    }
    const d = declared.get(file);
    if (d?.width !== undefined && d.height !== undefined && (d.width !== m.image.width || d.height !== m.image.height)) {
      // Coordinates made on a resized copy would land in the wrong place: skip rather than guess a scale.
      if (!mismatched.has(file)) {
        mismatched.add(file);
        sizeMismatches.add({ file, fileWidth: d.width, fileHeight: d.height, width: m.image.width, height: m.image.height });
      }
      return null;
    }
    return m.image;
  };

  const plan = new Map<string, PlannedWrite>();
  for (const a of doc.annotations) {
    const image = imageFor(a.file);
    const landmark = resolve(a.landmark);
    if (landmark === undefined) unknownLandmarks.set(a.landmark, (unknownLandmarks.get(a.landmark) ?? 0) + 1);
    if (!image || landmark === undefined) continue;
    const annotator = options.annotator ?? a.annotator ?? DEFAULT_ANNOTATOR;
    let x = a.x;
    let y = a.y;
    if (a.state === 'placed' && (x === null || y === null) && a.norm) ({ x, y } = denormalise(a.norm.u, a.norm.v, image.width, image.height));
    if (a.state === 'placed' && !insideImage(x!, y!, image.width, image.height)) {
      outOfBounds.add({ file: a.file, landmark: a.landmark, x: x!, y: y!, width: image.width, height: image.height, where: a.where });
      continue;
    }
    const key = `${image.id}\u0000${landmark}\u0000${annotator}`;
    const earlier = plan.get(key);
    if (earlier) duplicates.add({ file: a.file, landmark: a.landmark, annotator, where: `${earlier.where} and ${a.where} (the later one is used)` });
    plan.set(key, {
      image,
      landmark,
      annotator,
      state: a.state,
      x: a.state === 'placed' ? x : null,
      y: a.state === 'placed' ? y : null,
      locked: a.locked,
      suggestion: a.suggestion,
      updatedAt: a.updatedAt,
      where: a.where,
    });
  }

  // Compare with what is stored: identical entries are left alone; locked points are never overwritten by a file.
  const existingQuery = templateId === null ? null : db.prepare('SELECT * FROM landmark_annotations WHERE image_id = ? AND template_id = ? AND landmark = ? AND annotator = ?');
  const writes: PlannedWrite[] = [];
  let replaced = 0;
  let unchanged = 0;
  for (const w of plan.values()) {
    const current = existingQuery?.get(w.image.id, templateId, w.landmark, w.annotator) as AnnotationRow | undefined;
    if (current) {
      const same =
        current.state === w.state &&
        current.x === w.x &&
        current.y === w.y &&
        (w.locked === undefined || (current.locked === 1) === w.locked) &&
        (w.suggestion === undefined || JSON.stringify(suggestionOf(current)) === JSON.stringify(w.suggestion));
      if (same) {
        unchanged++;
        continue;
      }
      if (current.locked === 1 && w.locked !== false) {
        locked.add({ file: baseName(w.image.sourcePath), landmark: w.landmark, annotator: w.annotator });
        continue;
      }
      replaced++;
    }
    writes.push(w);
  }

  const statuses = doc.statuses.flatMap((s) => {
    const m = match(s.file);
    if (m.kind !== 'match' || mismatched.has(s.file)) return [];
    return [{ image: m.image, annotator: options.annotator ?? s.annotator ?? DEFAULT_ANNOTATOR, status: s.status, secondsSpent: s.secondsSpent }];
  });

  const problems: ImportReport['problems'] = {
    unknownImages: listOf(unknownImages, (file, entries) => ({ file, entries })),
    ambiguousImages: ambiguous.toJSON(),
    unknownLandmarks: listOf(unknownLandmarks, (landmark, entries) => ({ landmark, entries })),
    outOfBounds: outOfBounds.toJSON(),
    sizeMismatches: sizeMismatches.toJSON(),
    duplicates: duplicates.toJSON(),
    locked: locked.toJSON(),
  };
  const placed = writes.filter((w) => w.state === 'placed').length;
  const annotators = [...new Set([...writes.map((w) => w.annotator), ...statuses.map((s) => s.annotator)])].sort();
  const report: ImportReport = {
    dryRun: options.dryRun,
    format: options.format,
    template: { id: templateId, name: templateName, created, points: points.map((p) => p.id) },
    entries: doc.annotations.length,
    written: {
      placed,
      absent: writes.length - placed,
      images: new Set(writes.map((w) => w.image.id)).size,
      annotators,
      replaced,
      unchanged,
      statuses: statuses.length,
    },
    problems,
    messages: [],
  };
  report.messages.push(...describeReport(report, dataset.name));

  const skipped = Object.values(problems).reduce((n, p) => n + p.count, 0) - problems.duplicates.count;
  if (options.strict && skipped > 0) {
    throw new ApiError('conflict', `Nothing was imported because some entries would be skipped (strict import): ${report.messages.slice(1).join(' ')}`, report);
  }
  if (options.dryRun) return report;

  writeTx(db, () => {
    if (templateId === null) {
      const t = createTemplate(db, dataset.project_id, templateName, points);
      templateId = t.id;
      report.template.id = t.id;
    }
    const upsert = db.prepare(`
      INSERT INTO landmark_annotations (image_id, template_id, landmark, annotator, state, x, y, suggested, locked, suggested_x, suggested_y,
        suggestion_confidence, suggestion_source, created_at, updated_at)
      VALUES (@image_id, @template_id, @landmark, @annotator, @state, @x, @y, @suggested, @locked, @suggested_x, @suggested_y,
        @suggestion_confidence, @suggestion_source, @updated_at, @updated_at)
      ON CONFLICT (image_id, template_id, landmark, annotator) DO UPDATE SET
        state = excluded.state, x = excluded.x, y = excluded.y, suggested = excluded.suggested, locked = excluded.locked,
        suggested_x = excluded.suggested_x, suggested_y = excluded.suggested_y, suggestion_confidence = excluded.suggestion_confidence,
        suggestion_source = excluded.suggestion_source, updated_at = excluded.updated_at`);
    const now = new Date().toISOString();
    for (const w of writes) {
      const s = w.suggestion ?? null;
      upsert.run({
        image_id: w.image.id,
        template_id: templateId,
        landmark: w.landmark,
        annotator: w.annotator,
        state: w.state,
        x: w.x,
        y: w.y,
        suggested: s ? 1 : 0,
        locked: w.locked ? 1 : 0,
        suggested_x: s?.x ?? null,
        suggested_y: s?.y ?? null,
        suggestion_confidence: s?.confidence ?? null,
        suggestion_source: s?.source ?? null,
        // Keep "when" from the file when it says: annotations keep who and when, also across tools.
        updated_at: w.updatedAt && !Number.isNaN(Date.parse(w.updatedAt)) ? new Date(w.updatedAt).toISOString() : now,
      });
    }
    const status = db.prepare(
      `INSERT INTO landmark_image_status (image_id, template_id, annotator, status, seconds_spent) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (image_id, template_id, annotator) DO UPDATE SET status = excluded.status, seconds_spent = excluded.seconds_spent,
       updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')`,
    );
    for (const s of statuses) status.run(s.image.id, templateId, s.annotator, s.status, s.secondsSpent);
    // Images that received annotations but no status from the file are "in progress", as after annotating by hand.
    const started = db.prepare(
      `INSERT INTO landmark_image_status (image_id, template_id, annotator, status) VALUES (?, ?, ?, 'in_progress')
       ON CONFLICT (image_id, template_id, annotator) DO UPDATE SET status = 'in_progress' WHERE status = 'not_started'`,
    );
    for (const key of new Set(writes.map((w) => `${w.image.id}\u0000${w.annotator}`))) {
      const [imageId, annotator] = key.split('\u0000');
      started.run(Number(imageId), templateId, annotator);
    }
    logEvent(db, {
      kind: 'annotations.imported',
      projectId: dataset.project_id,
      message: `Imported ${writes.length} landmark annotations (${options.format}) into "${dataset.name}" with template "${templateName}"`,
      payload: { datasetId: dataset.id, templateId, format: options.format, written: report.written, skipped },
    });
  });
  return report;
}

function listOf<T>(counts: Map<string, number>, make: (key: string, n: number) => T): { count: number; examples: T[] } {
  const entries = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  return { count: entries.length, examples: entries.slice(0, EXAMPLES).map(([k, n]) => make(k, n)) };
}

function describeReport(r: ImportReport, datasetName: string): string[] {
  const verb = r.dryRun ? 'Would write' : 'Wrote';
  const lines = [
    `${verb} ${r.written.placed} placed and ${r.written.absent} absent landmark(s) on ${r.written.images} image(s) of "${datasetName}"` +
      ` with template "${r.template.name}"${r.template.created ? ' (new)' : ''}` +
      (r.written.annotators.length ? ` for ${r.written.annotators.map((a) => `"${a}"`).join(', ')}` : '') +
      `; ${r.written.replaced} replace existing value(s), ${r.written.unchanged} already identical.`,
  ];
  const p = r.problems;
  const names = (items: { file?: string; landmark?: string }[], count: number) =>
    `${items.map((i) => i.file ?? i.landmark).join(', ')}${count > items.length ? `, … (${count - items.length} more)` : ''}`;
  if (p.unknownImages.count) lines.push(`${p.unknownImages.count} image(s) not in the dataset (skipped): ${names(p.unknownImages.examples, p.unknownImages.count)}.`);
  if (p.ambiguousImages.count) lines.push(`${p.ambiguousImages.count} file name(s) match several images (skipped; use a path): ${names(p.ambiguousImages.examples, p.ambiguousImages.count)}.`);
  if (p.unknownLandmarks.count) lines.push(`${p.unknownLandmarks.count} landmark(s) not in the template (skipped): ${names(p.unknownLandmarks.examples, p.unknownLandmarks.count)}.`);
  if (p.outOfBounds.count) {
    const e = p.outOfBounds.examples[0]!;
    lines.push(`${p.outOfBounds.count} point(s) outside their image (skipped), e.g. ${e.landmark} at (${e.x}, ${e.y}) in ${e.file} (${e.width}×${e.height}), ${e.where}.`);
  }
  if (p.sizeMismatches.count) {
    const e = p.sizeMismatches.examples[0]!;
    lines.push(`${p.sizeMismatches.count} image(s) have another size in the file than in the dataset (skipped: annotated on a resized copy?), e.g. ${e.file}: ${e.fileWidth}×${e.fileHeight} in the file, ${e.width}×${e.height} imported.`);
  }
  if (p.duplicates.count) lines.push(`${p.duplicates.count} entr(y/ies) repeat an image, landmark and annotator; the later one is used (e.g. ${p.duplicates.examples[0]!.where}).`);
  if (p.locked.count) lines.push(`${p.locked.count} locked point(s) were not overwritten (unlock them first).`);
  return lines;
}
