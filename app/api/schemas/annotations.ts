import { z } from 'zod';

/**
 * Landmark annotation: templates, per-image annotation state, the work queue, agreement, suggestions and the
 * export/import formats. Coordinates everywhere are in the ORIGINAL image's pixel frame (images.cols × images.rows,
 * not the resized cache): x = column, y = row, integer values at pixel centres — the convention of ITK, 3D Slicer,
 * COCO keypoints and the phantom manifests. A point is inside the image when -0.5 ≤ x ≤ cols - 0.5 (same for y).
 */

const Id = z.number().int().positive();

export const PointId = z
  .string()
  .trim()
  .min(1, 'Point id must not be empty.')
  .max(64, 'Point id must be at most 64 characters.')
  .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'Point id must be a slug: lower-case letters, digits, "_", "-" or "." (e.g. "right_lung_apex").');

export const Colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Colour must be #rrggbb.').transform((c) => c.toLowerCase());

export const TemplateName = z
  .string()
  .trim()
  .min(1, 'Template name must not be empty.')
  .max(120, 'Template name must be at most 120 characters.')
  .refine((s) => !/[\u0000-\u001f]/.test(s), 'Template name must not contain control characters.');

export const AnnotatorName = z
  .string()
  .trim()
  .min(1, 'Annotator name must not be empty.')
  .max(80, 'Annotator name must be at most 80 characters.')
  .refine((s) => !/[\u0000-\u001f]/.test(s), 'Annotator name must not contain control characters.');

export const TemplatePoint = z.object({
  /** Stable identity: annotations refer to it, so it never changes once the point exists. */
  id: PointId,
  name: z.string().trim().min(1, 'Point name must not be empty.').max(120),
  description: z.string().max(2000).default(''),
  colour: Colour,
  /** id of the mirror-image point of a symmetric left/right pair (both must name each other). */
  partner: PointId.nullable().default(null),
  /** The point may legitimately be absent/not visible (e.g. a costophrenic angle cut off by collimation). */
  mayBeAbsent: z.boolean().default(false),
});
export type TemplatePoint = z.output<typeof TemplatePoint>;
export type TemplatePointInput = z.input<typeof TemplatePoint>;

export const TemplatePoints = z.array(TemplatePoint).min(1, 'A template needs at least one point.').max(500, 'A template can have at most 500 points.');

export const Template = z.object({
  id: Id,
  projectId: Id,
  name: z.string(),
  /** Increments on every change; pass it back as expectedRevision to refuse edits made on a stale copy. */
  revision: z.number().int().positive(),
  points: z.array(TemplatePoint),
  /** Annotations (any annotator, any dataset) per point id; a point with annotations cannot be removed silently. */
  annotationCounts: z.record(z.string(), z.number().int().nonnegative()),
  annotationCount: z.number().int().nonnegative(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Template = z.infer<typeof Template>;

export const LandmarkState = z.enum(['placed', 'absent', 'unset']);
export type LandmarkState = z.infer<typeof LandmarkState>;

export const SuggestionSource = z.enum(['atlas', 'model']);

export const SuggestionRecord = z.object({
  x: z.number().finite(),
  y: z.number().finite(),
  confidence: z.number().min(0).max(1),
  source: SuggestionSource,
});
export type SuggestionRecord = z.infer<typeof SuggestionRecord>;

export const LandmarkValue = z.object({
  landmark: z.string(),
  state: LandmarkState,
  x: z.number().nullable(),
  y: z.number().nullable(),
  locked: z.boolean(),
  /** The point was placed by accepting a suggestion (which is kept to measure how far it was moved). */
  suggested: z.boolean(),
  suggestion: SuggestionRecord.nullable(),
  /** Distance in original pixels between the accepted suggestion and the current position. */
  movedBy: z.number().nonnegative().nullable(),
  updatedAt: z.string().nullable(),
});
export type LandmarkValue = z.infer<typeof LandmarkValue>;

export const ImageWorkStatus = z.enum(['not_started', 'in_progress', 'done', 'skipped']);
export type ImageWorkStatus = z.infer<typeof ImageWorkStatus>;

export const ImageStatusInfo = z.object({
  status: ImageWorkStatus,
  secondsSpent: z.number().nonnegative(),
  updatedAt: z.string().nullable(),
  placed: z.number().int().nonnegative(),
  absent: z.number().int().nonnegative(),
  unset: z.number().int().nonnegative(),
  /** Not errors: what a reviewer may want to look at (unset points on a "done" image, absent points not marked mayBeAbsent). */
  warnings: z.array(z.string()),
});
export type ImageStatusInfo = z.infer<typeof ImageStatusInfo>;

export const ImageAnnotations = z.object({
  imageId: Id,
  datasetId: Id,
  templateId: Id,
  templateRevision: z.number().int().positive(),
  annotator: z.string(),
  fileName: z.string(),
  /** The original image size: the frame of every coordinate. */
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** One entry per template point, in template order. */
  landmarks: z.array(LandmarkValue),
  status: ImageStatusInfo,
  /** Everyone who annotated this image with this template (for comparing). */
  annotators: z.array(z.string()),
});
export type ImageAnnotations = z.infer<typeof ImageAnnotations>;

export const AnnotationTarget = z.object({ imageId: Id, templateId: Id, annotator: AnnotatorName });

/**
 * One landmark's new state. Undo/redo sends back a previous LandmarkValue through this same shape.
 * Omitted `locked`/`suggestion` keep their current values; `suggestion: null` forgets the suggestion.
 */
export const LandmarkChange = z
  .object({
    landmark: z.string().min(1),
    state: LandmarkState,
    x: z.number().finite().nullish(),
    y: z.number().finite().nullish(),
    locked: z.boolean().optional(),
    suggestion: SuggestionRecord.nullish(),
  })
  .superRefine((c, ctx) => {
    const hasXY = c.x !== undefined && c.x !== null && c.y !== undefined && c.y !== null;
    if (c.state === 'placed' && !hasXY) ctx.addIssue({ code: 'custom', message: `"${c.landmark}": a placed landmark needs x and y.` });
    if (c.state !== 'placed' && ((c.x ?? null) !== null || (c.y ?? null) !== null)) {
      ctx.addIssue({ code: 'custom', message: `"${c.landmark}": only a placed landmark has x and y (state is ${c.state}).` });
    }
  });
export type LandmarkChange = z.output<typeof LandmarkChange>;

export const SetLandmarksInput = AnnotationTarget.extend({
  changes: z.array(LandmarkChange).min(1, 'Give at least one change.').max(500),
});

export const SetStatusInput = AnnotationTarget.extend({
  /** Omitted: keep the image's status (time reports); a not-started image becomes "in progress" once time is added. */
  status: ImageWorkStatus.optional(),
  /** Replace the time spent (undo/redo, corrections). */
  secondsSpent: z.number().min(0).max(1e7).optional(),
  /** Add time spent since the last report (the UI reports periodically, when hidden and when leaving an image). */
  addSeconds: z.number().min(0).max(1e6).optional(),
})
  .refine((s) => s.secondsSpent === undefined || s.addSeconds === undefined, 'Give secondsSpent or addSeconds, not both.')
  .refine((s) => s.status !== undefined || s.secondsSpent !== undefined || s.addSeconds !== undefined, 'Give a status, secondsSpent or addSeconds.');

export const QueueInput = z.object({
  datasetId: Id,
  templateId: Id,
  annotator: AnnotatorName,
  status: z.array(ImageWorkStatus).optional(),
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().min(1).max(5000).default(500),
});

export const QueueItem = z.object({
  imageId: Id,
  fileName: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  status: ImageWorkStatus,
  placed: z.number().int().nonnegative(),
  absent: z.number().int().nonnegative(),
  secondsSpent: z.number().nonnegative(),
  updatedAt: z.string().nullable(),
});
export type QueueItem = z.infer<typeof QueueItem>;

export const DatasetProgress = z.object({
  /** Annotatable images of the dataset (imported, not duplicates). */
  total: z.number().int().nonnegative(),
  notStarted: z.number().int().nonnegative(),
  inProgress: z.number().int().nonnegative(),
  done: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  secondsTotal: z.number().nonnegative(),
  /** Over "done" images with time recorded; null before the first. */
  medianSecondsPerImage: z.number().nonnegative().nullable(),
  /** Points placed by accepting a suggestion, and how far annotators moved them (original pixels). */
  suggestions: z.object({
    accepted: z.number().int().nonnegative(),
    meanMovedPx: z.number().nonnegative().nullable(),
    medianMovedPx: z.number().nonnegative().nullable(),
  }),
});
export type DatasetProgress = z.infer<typeof DatasetProgress>;

export const QueueOutput = z.object({
  progress: DatasetProgress,
  /** Images matching the status filter (before offset/limit). */
  total: z.number().int().nonnegative(),
  items: z.array(QueueItem),
});
export type QueueOutput = z.infer<typeof QueueOutput>;

export const AgreementInput = z.object({
  datasetId: Id,
  templateId: Id,
  /** Default: everyone who annotated the dataset with the template. */
  annotators: z.array(AnnotatorName).optional(),
  /** An image is an outlier for a landmark when its distance exceeds this many times the landmark's median. */
  outlierFactor: z.number().min(1).max(100).default(3),
});

export const AgreementOutlier = z.object({
  imageId: Id,
  fileName: z.string(),
  distance: z.number().nonnegative(),
  positions: z.array(z.object({ annotator: z.string(), x: z.number(), y: z.number() })),
});

export const LandmarkAgreement = z.object({
  landmark: z.string(),
  name: z.string(),
  /** Images where at least two of the annotators placed this landmark. */
  images: z.number().int().nonnegative(),
  /** Per image: the mean distance over annotator pairs (original pixels); then the mean/median/max over images. */
  meanDistance: z.number().nonnegative().nullable(),
  medianDistance: z.number().nonnegative().nullable(),
  maxDistance: z.number().nonnegative().nullable(),
  /** Images where one annotator placed the point and another marked it absent. */
  presenceDisagreements: z.number().int().nonnegative(),
  outliers: z.array(AgreementOutlier),
});
export type LandmarkAgreement = z.infer<typeof LandmarkAgreement>;

export const AgreementReport = z.object({
  annotators: z.array(z.string()),
  /** Images annotated (any landmark placed) by at least two of the annotators. */
  sharedImages: z.number().int().nonnegative(),
  outlierFactor: z.number(),
  landmarks: z.array(LandmarkAgreement),
});
export type AgreementReport = z.infer<typeof AgreementReport>;

export const SuggestedPoint = z.object({
  landmark: z.string(),
  x: z.number(),
  y: z.number(),
  confidence: z.number().min(0).max(1),
  /** About one standard deviation of the expected error, in original pixels of the target image. */
  radius: z.number().nonnegative(),
  source: SuggestionSource,
});
export type SuggestedPoint = z.infer<typeof SuggestedPoint>;

export const SuggestOutput = z.object({
  imageId: Id,
  templateId: Id,
  available: z.boolean(),
  source: SuggestionSource.nullable(),
  /** Why suggestions are (not) available, in words for the status bar. */
  reason: z.string(),
  /** Annotated images the suggestion is based on (the target image itself never counts). */
  basedOnImages: z.number().int().nonnegative(),
  points: z.array(SuggestedPoint),
});
export type SuggestOutput = z.infer<typeof SuggestOutput>;

export const ExportFormat = z.enum(['csv', 'json', 'coco', 'mrk']);
export type ExportFormat = z.infer<typeof ExportFormat>;
export const ImportFormat = z.enum(['csv', 'json', 'coco', 'mrk', 'jsrt']);
export type ImportFormat = z.infer<typeof ImportFormat>;

export const FileContent = z.object({ fileName: z.string(), mimeType: z.string(), content: z.string() });
export type FileContent = z.infer<typeof FileContent>;

/** Which contour points of the JSRT-dev layout become which template points. */
export const JsrtPick = z.object({
  structure: z.string().min(1),
  index: z.number().int().nonnegative(),
  landmark: z.string().min(1),
});
export type JsrtPick = z.infer<typeof JsrtPick>;

export const AnnotationImportInput = z.object({
  datasetId: Id,
  /** Omitted: a new template is made from the landmarks in the file (the file's own template when it has one). */
  templateId: Id.optional(),
  /** Name of the template created when templateId is omitted. */
  templateName: TemplateName.optional(),
  format: ImportFormat,
  content: z.string().max(512 * 1024 * 1024),
  /** Preview only: nothing is written. */
  dryRun: z.boolean().default(true),
  /** Record everything under this annotator (default: the names in the file, else "imported"). */
  annotator: AnnotatorName.optional(),
  /** Refuse the whole import if anything would be skipped (unknown images/landmarks, out-of-bounds points, …). */
  strict: z.boolean().default(false),
  /** JSRT-dev contours only: which points to take (default: the README's apices, costophrenic angles, lateral clavicle ends). */
  jsrtPoints: z.array(JsrtPick).min(1).optional(),
});

const ProblemList = <T extends z.ZodType>(item: T) => z.object({ count: z.number().int().nonnegative(), examples: z.array(item) });

export const ImportReport = z.object({
  dryRun: z.boolean(),
  format: ImportFormat,
  template: z.object({ id: Id.nullable(), name: z.string(), created: z.boolean(), points: z.array(z.string()) }),
  /** Annotation entries read from the file (one per image, landmark and annotator; unlabelled ones are not entries). */
  entries: z.number().int().nonnegative(),
  /** What was (or, in a preview, would be) written. */
  written: z.object({
    placed: z.number().int().nonnegative(),
    absent: z.number().int().nonnegative(),
    images: z.number().int().nonnegative(),
    annotators: z.array(z.string()),
    /** Existing annotations overwritten with a different value. */
    replaced: z.number().int().nonnegative(),
    /** Entries identical to what is already stored. */
    unchanged: z.number().int().nonnegative(),
    statuses: z.number().int().nonnegative(),
  }),
  problems: z.object({
    unknownImages: ProblemList(z.object({ file: z.string(), entries: z.number().int() })),
    ambiguousImages: ProblemList(z.object({ file: z.string(), candidates: z.array(z.string()) })),
    unknownLandmarks: ProblemList(z.object({ landmark: z.string(), entries: z.number().int() })),
    outOfBounds: ProblemList(
      z.object({ file: z.string(), landmark: z.string(), x: z.number(), y: z.number(), width: z.number(), height: z.number(), where: z.string() }),
    ),
    sizeMismatches: ProblemList(
      z.object({ file: z.string(), fileWidth: z.number(), fileHeight: z.number(), width: z.number(), height: z.number() }),
    ),
    duplicates: ProblemList(z.object({ file: z.string(), landmark: z.string(), annotator: z.string(), where: z.string() })),
    locked: ProblemList(z.object({ file: z.string(), landmark: z.string(), annotator: z.string() })),
  }),
  /** Human-readable summary lines (for the preview dialog and the CLI). */
  messages: z.array(z.string()),
});
export type ImportReport = z.infer<typeof ImportReport>;
