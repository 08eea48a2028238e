import path from 'node:path';
import { createDataset, deleteDataset, getDataset, listDatasets, renameDataset } from '../datasets/datasets';
import { getImage, imageFacets, listImages } from '../datasets/images';
import { listImports } from '../import/imports';
import { runImport } from '../import/run-import';
import type { HandlerDeps, HandlerGroup } from './deps';

export function datasetHandlers(
  deps: HandlerDeps,
): HandlerGroup<
  | 'datasets.list'
  | 'datasets.create'
  | 'datasets.rename'
  | 'datasets.delete'
  | 'images.list'
  | 'images.facets'
  | 'images.get'
  | 'imports.start'
  | 'imports.list'
> {
  const { db, guard } = deps;
  return {
    'datasets.list': ({ projectId }) => guard(() => listDatasets(db, projectId)),
    'datasets.create': ({ projectId, name, settings }) => guard(() => createDataset(db, projectId, name, settings)),
    'datasets.rename': ({ id, name }) => guard(() => renameDataset(db, id, name)),
    'datasets.delete': ({ id }) =>
      guard(() => {
        deleteDataset(db, id);
        return { deleted: true as const };
      }),
    'images.list': (query) => guard(() => listImages(db, query)),
    'images.facets': ({ datasetId }) => guard(() => imageFacets(db, datasetId)),
    'images.get': ({ id }) => guard(() => getImage(db, id)),
    'imports.start': ({ datasetId, paths }) => {
      const dataset = guard(() => getDataset(db, datasetId));
      const resolved = paths.map((p) => path.resolve(p));
      return deps.jobs.start(
        'import',
        `Import into "${dataset.name}"`,
        (ctx) => runImport({ db, dataDir: deps.dataDir, pool: deps.importPool() }, datasetId, resolved, ctx),
        datasetId,
      );
    },
    'imports.list': ({ datasetId }) => guard(() => listImports(db, datasetId)),
  };
}
