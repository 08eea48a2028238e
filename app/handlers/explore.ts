import path from 'node:path';
import type { FeatureSourceRef, ModelReport } from '../api/schemas/explore';
import { ApiError } from '../api/errors';
import { datasetTemplate } from '../annotations/queue';
import { partnerPairs } from '../analysis/embeddings/symmetry';
import { choosePairs } from '../analysis/ops/pair-selection';
import { annotatedImages, featureSources, imageRefs, resolveSource } from '../analysis/refs';
import { listReports, saveReport, type StoredReport } from '../analysis/report/store';
import type { Db } from '../store/database';
import type { HandlerDeps, HandlerGroup } from './deps';

type ExploreOps =
  | 'explore.sources'
  | 'explore.correspond'
  | 'explore.buddies'
  | 'explore.landmarks'
  | 'explore.cosegment'
  | 'explore.cosegmentExport'
  | 'explore.embeddings'
  | 'explore.report'
  | 'explore.reports';

/** Landmark evaluation inputs: annotated images of the dataset, seeded pairs among them, their cache files. */
function landmarkTask(db: Db, dataDir: string, datasetId: number, templateId: number, maxPairs: number, seed: number) {
  const { names, images: annotated } = annotatedImages(db, datasetId, templateId);
  if (annotated.length < 2) {
    throw new ApiError('invalid_input', `Landmark evaluation needs at least two images of the dataset annotated with this template; ${annotated.length} ${annotated.length === 1 ? 'is' : 'are'}.`);
  }
  const pairs = choosePairs(annotated.map((a) => a.imageId), maxPairs, seed);
  const used = [...new Set(pairs.flat())];
  return { annotated: annotated.filter((a) => used.includes(a.imageId)), names: Object.fromEntries(names), pairs, images: imageRefs(db, dataDir, used) };
}

function toModelReport(r: StoredReport): ModelReport {
  const { compositionality, decompositionalityAccuracy, retrievalTop1, landmarks } = r.metrics;
  return {
    id: r.id,
    projectId: r.projectId,
    runId: r.runId,
    sourceKind: r.extractorKind,
    sourceLabel: r.extractorLabel,
    createdAt: r.createdAt,
    metrics: {
      compositionality: compositionality && { mean: compositionality.mean, std: compositionality.std, kde: compositionality.kde },
      decompositionalityAccuracy,
      retrievalTop1,
      landmarks,
    },
  };
}

export function exploreHandlers(deps: HandlerDeps): HandlerGroup<ExploreOps> {
  const { db, dataDir, guard } = deps;
  const source = (ref: FeatureSourceRef) => guard(() => resolveSource(db, ref));
  const refs = (ids: readonly number[]) => guard(() => imageRefs(db, dataDir, ids));
  return {
    'explore.sources': ({ projectId }) => guard(() => featureSources(db, projectId)),
    'explore.correspond': ({ source: ref, settings, queryImageId, point, keyImageIds }, ctx) => {
      const [query, ...keys] = refs([queryImageId, ...keyImageIds]);
      return deps.analysis().call('correspond', { spec: source(ref).spec, settings, query: query!, point, keys }, ctx);
    },
    'explore.buddies': ({ source: ref, settings, imageA, imageB, count }, ctx) => {
      const [a, b] = refs([imageA, imageB]);
      return deps.analysis().call('buddies', { spec: source(ref).spec, settings, a: a!, b: b!, count }, ctx);
    },
    'explore.landmarks': ({ source: ref, settings, datasetId, templateId, maxPairs, seed }, ctx) => {
      const task = guard(() => landmarkTask(db, dataDir, datasetId, templateId, maxPairs, seed));
      return deps.analysis().call('landmarks', { spec: source(ref).spec, settings, ...task }, ctx);
    },
    'explore.cosegment': ({ source: ref, settings, imageIds, parts }, ctx) =>
      deps.analysis().call('cosegment', { spec: source(ref).spec, settings, images: refs(imageIds), parts }, ctx),
    'explore.cosegmentExport': ({ source: ref, settings, imageIds, parts, outDir }, ctx) => {
      if (!path.isAbsolute(outDir)) throw new ApiError('invalid_input', `The output folder must be an absolute path, got "${outDir}".`);
      const names = guard(() => imageIds.map((id) => (db.prepare('SELECT source_path FROM images WHERE id = ?').get(id) as { source_path: string }).source_path));
      return deps.analysis().call('cosegmentExport', { spec: source(ref).spec, settings, images: refs(imageIds), parts, outDir, names }, ctx);
    },
    'explore.embeddings': ({ source: ref, projection, symmetry, maxImages, datasetId, templateId, seed }, ctx) => {
      const { names, images } = guard(() => annotatedImages(db, datasetId, templateId));
      if (images.length === 0) throw new ApiError('invalid_input', 'No image of this dataset has landmarks placed with this template yet.');
      const annotated = images.slice(0, maxImages);
      const partners = guard(() => partnerPairs(datasetTemplate(db, datasetId, templateId).points));
      return deps.analysis().call(
        'embeddings',
        { spec: source(ref).spec, images: refs(annotated.map((a) => a.imageId)), annotated, names: Object.fromEntries(names), partners, projection, symmetry, seed },
        ctx,
      );
    },
    'explore.report': async ({ projectId, source: ref, datasetId, templateId, seed }, ctx) => {
      const resolved = source(ref);
      const ids = guard(() => (db.prepare("SELECT id FROM images WHERE dataset_id = ? AND status = 'ok' ORDER BY id").all(datasetId) as { id: number }[]).map((r) => r.id));
      if (ids.length < 2) throw new ApiError('invalid_input', 'A model report needs a dataset with at least two images.');
      const landmarks = templateId === undefined ? undefined : guard(() => landmarkTask(db, dataDir, datasetId, templateId, 20, seed));
      const result = await deps.analysis().call('report', { spec: resolved.spec, images: refs(ids), seed, landmarks }, ctx);
      const stored = guard(() =>
        saveReport(db, {
          projectId,
          runId: resolved.runId,
          extractorKind: resolved.kind,
          extractorLabel: result.extractorLabel,
          extractorId: result.extractorId,
          settings: { ...result.settings, datasetId, ...(templateId === undefined ? {} : { templateId }) },
          metrics: result.metrics,
        }),
      );
      return toModelReport(stored);
    },
    'explore.reports': ({ projectId }) => guard(() => listReports(db, projectId).map(toModelReport)),
  };
}
