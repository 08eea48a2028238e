import { z } from 'zod';
import { Progress } from './progress';
import {
  CacheSettingsSchema,
  Dataset,
  DatasetName,
  Facets,
  ImageDetail,
  ImageQuery,
  ImageSummary,
  ImportRecord,
  ImportSummary,
} from './schemas/datasets';
import { JobSummary } from './schemas/jobs';
import { CreateRun, ExportRunInput, MetricSeries, Run, RunExport, RunPreview, RunSample, SimilarityMap } from './schemas/runs';
import {
  AgreementInput,
  AgreementReport,
  AnnotationImportInput,
  AnnotationTarget,
  AnnotatorName,
  ExportFormat,
  FileContent,
  ImageAnnotations,
  ImageStatusInfo,
  ImportReport,
  QueueInput,
  QueueOutput,
  SetLandmarksInput,
  SetStatusInput,
  SuggestOutput,
  Template,
  TemplateName,
  TemplatePoints,
  PointId,
} from './schemas/annotations';
import { displayName } from './schemas/names';
import {
  BuddiesInput,
  BuddiesOutput,
  CorrespondInput,
  CorrespondOutput,
  CosegmentExportInput,
  CosegmentExportOutput,
  CosegmentInput,
  CosegmentOutput,
  EmbeddingInput,
  EmbeddingOutput,
  FeatureSource,
  LandmarkEvalInput,
  LandmarkEvalOutput,
  ModelReport,
  ReportInput,
} from './schemas/explore';

/**
 * The one API contract. Electron IPC and the local web host both bind exactly these operations;
 * inputs and outputs are validated against these schemas on the host side of every boundary.
 */

export const ProjectName = displayName('Project');

export const Project = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  description: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  datasetCount: z.number().int().nonnegative(),
  imageCount: z.number().int().nonnegative(),
  runCount: z.number().int().nonnegative(),
});
export type Project = z.infer<typeof Project>;

export const BackendName = z.enum(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']);
export type BackendName = z.infer<typeof BackendName>;

export const BackendAttempt = z.object({
  name: BackendName,
  module: z.string(),
  status: z.enum(['active', 'available', 'not_installed', 'failed', 'skipped']),
  reason: z.string(),
});
export type BackendAttempt = z.infer<typeof BackendAttempt>;

export const BackendReport = z.object({
  active: BackendName.nullable(),
  threads: z.number().int().positive(),
  tfjsVersion: z.string(),
  attempts: z.array(BackendAttempt),
  summary: z.string(),
});
export type BackendReport = z.infer<typeof BackendReport>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  codeVersion: z.string(),
  dataDir: z.string(),
  databasePath: z.string(),
  schemaVersion: z.number().int(),
  platform: z.string(),
  node: z.string(),
  host: z.enum(['electron', 'web', 'cli']),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const ProbeResult = z.object({
  backend: BackendName,
  threads: z.number().int().positive(),
  size: z.number().int().positive(),
  repeats: z.number().int().positive(),
  gflops: z.number().nonnegative(),
  millisPerMatmul: z.number().nonnegative(),
});
export type ProbeResult = z.infer<typeof ProbeResult>;

const Id = z.number().int().positive();
const ProjectId = z.object({ id: Id });
const Deleted = z.object({ deleted: z.literal(true) });
const Empty = z.object({}).strict();

interface OperationSpec<I extends z.ZodType, O extends z.ZodType> {
  readonly input: I;
  readonly output: O;
  /** Long operations stream Progress events and honour cancellation. */
  readonly streaming: boolean;
  readonly summary: string;
}

function op<I extends z.ZodType, O extends z.ZodType>(
  input: I,
  output: O,
  summary: string,
  streaming = false,
): OperationSpec<I, O> {
  return { input, output, summary, streaming };
}

export const contract = {
  'app.info': op(Empty, AppInfo, 'Versions, data folder and database in use.'),
  'compute.status': op(Empty, BackendReport, 'Which compute backend is active and why better ones are not.'),
  'compute.probe': op(
    z.object({ size: z.number().int().min(16).max(4096).default(512), repeats: z.number().int().min(1).max(1000).default(20) }),
    ProbeResult,
    'Measure matrix-multiply throughput of the active backend.',
    true,
  ),
  'db.check': op(
    Empty,
    z.object({ ok: z.boolean(), problems: z.array(z.string()) }),
    "Run SQLite's full integrity check on the database.",
  ),
  'projects.list': op(Empty, z.array(Project), 'All projects, newest first.'),
  'projects.get': op(ProjectId, Project, 'One project.'),
  'projects.create': op(
    z.object({ name: ProjectName, description: z.string().max(2000).default('') }),
    Project,
    'Create a project.',
  ),
  'projects.rename': op(ProjectId.extend({ name: ProjectName }), Project, 'Rename a project.'),
  'projects.delete': op(ProjectId, Deleted, 'Delete a project and everything in it.'),
  'datasets.list': op(z.object({ projectId: Id }), z.array(Dataset), "A project's datasets with image counts by status."),
  'datasets.create': op(
    z.object({ projectId: Id, name: DatasetName, settings: CacheSettingsSchema.partial().default({}) }),
    Dataset,
    'Create a dataset with its cache settings (working resolution, bit depth).',
  ),
  'datasets.rename': op(z.object({ id: Id, name: DatasetName }), Dataset, 'Rename a dataset.'),
  'datasets.delete': op(z.object({ id: Id }), Deleted, "Delete a dataset's images and annotations (source files are never touched)."),
  'images.list': op(ImageQuery, z.object({ total: z.number().int(), items: z.array(ImageSummary) }), 'One page of a dataset, filtered and sorted.'),
  'images.facets': op(z.object({ datasetId: Id }), Facets, 'Counts per status, view, modality and sex, for filters.'),
  'images.get': op(z.object({ id: Id }), ImageDetail, 'One image with all its recorded metadata.'),
  'imports.start': op(
    z.object({ datasetId: Id, paths: z.array(z.string().min(1)).min(1, 'Choose at least one file or folder to import.').max(10_000) }),
    JobSummary,
    'Start importing files and folders into a dataset; returns the job to watch.',
  ),
  'imports.list': op(z.object({ datasetId: Id }), z.array(ImportRecord), "A dataset's imports, newest first."),
  'jobs.list': op(Empty, z.array(JobSummary), 'Background jobs of this session (imports, sample generation).'),
  'jobs.watch': op(z.object({ id: z.string() }), JobSummary, 'Stream a job’s progress until it ends; stopping the watch leaves the job running.', true),
  'jobs.cancel': op(z.object({ id: z.string() }), JobSummary, 'Cancel a background job.'),
  'templates.list': op(z.object({ projectId: Id }), z.array(Template), "A project's landmark templates (a project without any gets the default chest template)."),
  'templates.get': op(z.object({ id: Id }), Template, 'One landmark template with its annotation counts per point.'),
  'templates.create': op(
    z.object({ projectId: Id, name: TemplateName, points: TemplatePoints.optional() }),
    Template,
    'Create a landmark template (default: a copy of the chest points).',
  ),
  'templates.update': op(
    z.object({
      id: Id,
      name: TemplateName.optional(),
      points: TemplatePoints.optional(),
      dropAnnotationsOf: z.array(PointId).optional(),
      expectedRevision: z.number().int().positive().optional(),
    }),
    Template,
    'Rename, reorder, recolour, add, edit or remove points; removing an annotated point needs dropAnnotationsOf.',
  ),
  'templates.duplicate': op(z.object({ id: Id, name: TemplateName.optional() }), Template, 'Copy a template (without annotations).'),
  'templates.delete': op(
    z.object({ id: Id, force: z.boolean().default(false) }),
    z.object({ deleted: z.literal(true), annotationsDeleted: z.number().int().nonnegative() }),
    'Delete a template; refused while it has annotations unless force.',
  ),
  'templates.export': op(z.object({ id: Id }), FileContent, 'A template as a shareable JSON file.'),
  'templates.import': op(
    z.object({ projectId: Id, content: z.string().max(10_000_000), name: TemplateName.optional() }),
    Template,
    'Create a template from a template JSON file.',
  ),
  'annotations.image': op(AnnotationTarget, ImageAnnotations, "One image's landmarks (every template point, in order) and status for an annotator."),
  'annotations.set': op(
    SetLandmarksInput,
    ImageAnnotations,
    'Set landmarks (placed/absent/unset, lock, suggestion) in one transaction; undo/redo re-applies previous states.',
  ),
  'annotations.setStatus': op(
    SetStatusInput,
    ImageStatusInfo,
    "Set an image's status and/or its time spent (without a status it is kept; a not-started image becomes in progress when time is added).",
  ),
  'annotations.queue': op(QueueInput, QueueOutput, 'Work queue of a dataset for a template and annotator (not started first) with progress.'),
  'annotations.annotators': op(z.object({ datasetId: Id, templateId: Id.optional() }), z.array(z.string()), 'Annotator names used in a dataset.'),
  'annotations.agreement': op(AgreementInput, AgreementReport, 'Per-landmark distances between annotators, with outliers.'),
  'annotations.suggest': op(z.object({ imageId: Id, templateId: Id }), SuggestOutput, 'Suggested positions for every landmark of an image (from the project\'s latest checkpoint, else the atlas prior).'),
  'annotations.export': op(
    z.object({ datasetId: Id, templateId: Id, format: ExportFormat, annotator: AnnotatorName.optional() }),
    FileContent,
    "Export a dataset's landmarks as CSV, JSON, COCO keypoints or 3D Slicer .mrk.json.",
  ),
  'annotations.import': op(AnnotationImportInput, ImportReport, 'Import landmarks (preview with dryRun); images are matched by file name.'),
  'runs.create': op(CreateRun, Run, 'Queue a pretraining run (it starts when the compute is free).'),
  'runs.list': op(z.object({ projectId: Id.optional() }), z.array(Run), 'Runs, newest first, with progress and last losses.'),
  'runs.get': op(z.object({ id: Id }), Run, 'One run with its full configuration.'),
  'runs.metrics': op(
    z.object({ id: Id, names: z.array(z.string()).optional(), sinceStep: z.number().int().min(0).default(0) }),
    z.array(MetricSeries),
    'Metric series of a run after a step (charts poll with the last step they have).',
  ),
  'runs.log': op(z.object({ id: Id }), z.object({ log: z.string() }), 'The last 200 lines of a run’s log.'),
  'runs.pause': op(z.object({ id: Id }), Run, 'Checkpoint and pause a run.'),
  'runs.resume': op(z.object({ id: Id }), Run, 'Resume a paused, interrupted or failed run from its last checkpoint.'),
  'runs.stop': op(z.object({ id: Id }), Run, 'Checkpoint and finish a run early.'),
  'runs.delete': op(z.object({ id: Id }), Deleted, 'Delete a run’s records (not while it runs).'),
  'runs.export': op(
    ExportRunInput,
    RunExport,
    'Export the backbone of a run’s latest checkpoint to a folder: safetensors (timm names), TensorFlow.js weights and a model card.',
  ),
  'runs.sample': op(
    z.object({ id: Id, seed: z.number().int().min(0).default(0) }),
    RunSample,
    'One training sample of a run drawn with its method’s crop geometry: both views, their token grids, overlap and matched tokens.',
  ),
  'runs.preview': op(z.object({ id: Id }), RunPreview.nullable(), 'The latest probe preview of a run (PCA colours of its patch tokens), or null before the first one.'),
  'runs.previewSimilarity': op(
    z.object({ id: Id, x: z.number().min(0).max(1), y: z.number().min(0).max(1) }),
    SimilarityMap,
    'Similarity of the probe preview’s tokens to the token under a point (x, y: fractions of the probe image).',
  ),
  'explore.sources': op(z.object({ projectId: Id }), z.array(FeatureSource), "Feature sources of a project: each run's latest checkpoint, a random-weights and a raw-pixels baseline."),
  'explore.correspond': op(CorrespondInput, CorrespondOutput, 'Similarity heat map and best match on each key image for a point on the query image.', true),
  'explore.buddies': op(BuddiesInput, BuddiesOutput, 'Well-spread mutual nearest-neighbour ("best buddies") point pairs between two images.', true),
  'explore.landmarks': op(LandmarkEvalInput, LandmarkEvalOutput, 'Transfer annotated landmarks between images of a dataset and measure the error (mean, median, PCK).', true),
  'explore.cosegment': op(CosegmentInput, CosegmentOutput, 'Co-segment common anatomy of 2–64 images into K parts.', true),
  'explore.cosegmentExport': op(CosegmentExportInput, CosegmentExportOutput, 'Write one label PNG per image (source size) and legend.json into a folder.', true),
  'explore.embeddings': op(EmbeddingInput, EmbeddingOutput, 't-SNE, PCA or UMAP of patch embeddings around annotated landmarks.', true),
  'explore.report': op(ReportInput, ModelReport, 'Compute and store a model report (compositionality, decompositionality, retrieval, landmark error).', true),
  'explore.reports': op(z.object({ projectId: Id }), z.array(ModelReport), "A project's stored model reports, newest first."),
} as const;

export type Contract = typeof contract;
export type OperationName = keyof Contract;
export type InputOf<K extends OperationName> = z.input<Contract[K]['input']>;
export type ParsedInputOf<K extends OperationName> = z.output<Contract[K]['input']>;
export type OutputOf<K extends OperationName> = z.output<Contract[K]['output']>;
export { Progress };
export type { Dataset, Facets, ImageDetail, ImageSummary, ImportRecord, ImportSummary, JobSummary };
export type { AgreementReport, FileContent, ImageAnnotations, ImageStatusInfo, ImportReport, QueueOutput, SuggestOutput, Template };

export const operationNames = Object.keys(contract) as OperationName[];

export function isOperationName(name: string): name is OperationName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}
