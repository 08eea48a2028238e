import { exportRun } from '../runs/export/export-run';
import { previewSimilarity, runPreview } from '../runs/preview/run-preview';
import { runSample } from '../runs/preview/run-sample';
import { getRun, listRuns, metricSeries, runLog } from '../runs/store';
import type { HandlerDeps, HandlerGroup } from './deps';

export function runHandlers(
  deps: HandlerDeps,
): HandlerGroup<
  | 'runs.create'
  | 'runs.list'
  | 'runs.get'
  | 'runs.metrics'
  | 'runs.log'
  | 'runs.pause'
  | 'runs.resume'
  | 'runs.stop'
  | 'runs.delete'
  | 'runs.export'
  | 'runs.sample'
  | 'runs.preview'
  | 'runs.previewSimilarity'
> {
  const { db, dataDir, guard } = deps;
  const runs = () => deps.runs();
  return {
    'runs.create': ({ projectId, datasetIds, name, settings }) => guard(() => runs().create(projectId, datasetIds, settings, name)),
    'runs.list': ({ projectId }) => guard(() => listRuns(db, projectId)),
    'runs.get': ({ id }) => guard(() => getRun(db, id)),
    'runs.metrics': ({ id, names, sinceStep }) => guard(() => metricSeries(db, id, names, sinceStep)),
    'runs.log': ({ id }) => guard(() => ({ log: runLog(db, id) })),
    'runs.pause': ({ id }) => guard(() => runs().pause(id)),
    'runs.resume': ({ id }) => guard(() => runs().resume(id)),
    'runs.stop': ({ id }) => guard(() => runs().stop(id)),
    'runs.delete': ({ id }) =>
      guard(() => {
        runs().delete(id);
        return { deleted: true as const };
      }),
    'runs.export': ({ id, out, weights, force }) => guard(() => exportRun(db, id, { out, weights, force })),
    'runs.sample': ({ id, seed }) => guard(() => runSample(db, dataDir, id, seed)),
    'runs.preview': ({ id }) => guard(() => runPreview(db, dataDir, id)),
    'runs.previewSimilarity': ({ id, x, y }) => guard(() => previewSimilarity(db, id, x, y)),
  };
}
