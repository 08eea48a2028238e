import { z } from 'zod';
import { ImageWorkStatus, SuggestionRecord, TemplatePoint } from '../../api/schemas/annotations';
import { FormatError, describeZodIssues } from './errors';
import type { ExportDocument, ParsedAnnotation, ParsedDocument, ParsedStatus } from './types';

/**
 * Our own format: everything the database knows (template, locks, suggestions, per-image status and time), so it
 * doubles as a backup. Versioned: readers accept every version up to their own and refuse newer ones with a clear
 * message. Grouped by image so a diff of two exports reads naturally.
 */

export const JSON_FORMAT = 'cxr-anatomy-studio/landmarks';
export const JSON_VERSION = 1;
export const COORDINATES_NOTE = 'original image pixels: x = column, y = row, integer values at pixel centres';

const Annotation = z.object({
  annotator: z.string().min(1),
  landmark: z.string().min(1),
  state: z.enum(['placed', 'absent']),
  x: z.number().finite().nullable().default(null),
  y: z.number().finite().nullable().default(null),
  locked: z.boolean().default(false),
  suggestion: SuggestionRecord.nullable().default(null),
  updatedAt: z.string().optional(),
});

const Status = z.object({
  annotator: z.string().min(1),
  status: ImageWorkStatus,
  secondsSpent: z.number().nonnegative().default(0),
  updatedAt: z.string().optional(),
});

const LandmarksFile = z.object({
  format: z.literal(JSON_FORMAT, { message: `"format" must be "${JSON_FORMAT}"` }),
  version: z
    .number()
    .int()
    .refine((v) => v <= JSON_VERSION, { message: `written by a newer version of CXR Anatomy Studio (version > ${JSON_VERSION}); update the app to read it` }),
  dataset: z.string().optional(),
  template: z.object({ name: z.string(), points: z.array(TemplatePoint).min(1) }),
  images: z.array(
    z.object({
      file: z.string().min(1),
      width: z.number().int().positive(),
      height: z.number().int().positive(),
      annotations: z.array(Annotation).default([]),
      status: z.array(Status).default([]),
    }),
  ),
});

export function writeJson(doc: ExportDocument): string {
  const byFile = new Map(doc.images.map((i) => [i.file, { ...i, annotations: [] as object[], status: [] as object[] }]));
  for (const a of doc.annotations) {
    byFile.get(a.file)!.annotations.push({
      annotator: a.annotator,
      landmark: a.landmark,
      state: a.state,
      x: a.x,
      y: a.y,
      locked: a.locked,
      suggestion: a.suggestion,
      updatedAt: a.updatedAt,
    });
  }
  for (const s of doc.statuses) byFile.get(s.file)?.status.push({ annotator: s.annotator, status: s.status, secondsSpent: s.secondsSpent, updatedAt: s.updatedAt });
  const file = {
    format: JSON_FORMAT,
    version: JSON_VERSION,
    generator: doc.generator,
    exportedAt: doc.exportedAt,
    coordinates: COORDINATES_NOTE,
    dataset: doc.dataset,
    template: { name: doc.template.name, points: doc.template.points },
    images: [...byFile.values()],
  };
  return `${JSON.stringify(file, null, 1)}\n`;
}

export function parseJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new FormatError(`The ${what} file is not valid JSON: ${(err as Error).message}`);
  }
}

export function parseJson(text: string): ParsedDocument {
  const parsed = LandmarksFile.safeParse(parseJsonText(text, 'landmarks JSON'));
  if (!parsed.success) throw new FormatError(`The landmarks JSON file is not valid: ${describeZodIssues(parsed.error)}`);
  const f = parsed.data;
  const annotations: ParsedAnnotation[] = [];
  const statuses: ParsedStatus[] = [];
  f.images.forEach((image, i) => {
    image.annotations.forEach((a, j) => {
      const where = `images[${i}].annotations[${j}]`;
      if (a.state === 'placed' && (a.x === null || a.y === null)) throw new FormatError(`${where}: a placed landmark needs x and y.`);
      annotations.push({
        file: image.file,
        landmark: a.landmark,
        annotator: a.annotator,
        state: a.state,
        x: a.state === 'placed' ? a.x : null,
        y: a.state === 'placed' ? a.y : null,
        locked: a.locked,
        suggestion: a.suggestion,
        ...(a.updatedAt ? { updatedAt: a.updatedAt } : {}),
        where,
      });
    });
    image.status.forEach((s, j) =>
      statuses.push({ file: image.file, annotator: s.annotator, status: s.status, secondsSpent: s.secondsSpent, where: `images[${i}].status[${j}]` }),
    );
  });
  return {
    templateName: f.template.name,
    landmarks: f.template.points.map((p) => ({ key: p.id, name: p.name, description: p.description, colour: p.colour, partner: p.partner, mayBeAbsent: p.mayBeAbsent })),
    images: f.images.map((i) => ({ file: i.file, width: i.width, height: i.height })),
    annotations,
    statuses,
  };
}
