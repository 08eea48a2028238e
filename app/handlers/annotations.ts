import { projectModelProvider } from '../analysis/suggest/project-model';
import { atlasProvider, createSuggestionService } from '../analysis/suggest/service';
import { agreementReport } from '../annotations/agreement';
import { annotationContext, getImageAnnotations, listAnnotators, setImageStatus, setLandmarks } from '../annotations/annotations';
import { defaultChestPoints } from '../annotations/default-template';
import { exportAnnotations } from '../annotations/export';
import { importAnnotations } from '../annotations/import';
import { workQueue } from '../annotations/queue';
import { parseTemplateFile, writeTemplateFile } from '../annotations/template-file';
import {
  createTemplate,
  deleteTemplate,
  duplicateTemplate,
  freeTemplateName,
  getTemplate,
  listTemplates,
  loadTemplate,
  updateTemplate,
} from '../annotations/templates';
import type { HandlerDeps, HandlerGroup } from './deps';

export function annotationHandlers(
  deps: HandlerDeps,
): HandlerGroup<
  | 'templates.list'
  | 'templates.get'
  | 'templates.create'
  | 'templates.update'
  | 'templates.duplicate'
  | 'templates.delete'
  | 'templates.export'
  | 'templates.import'
  | 'annotations.image'
  | 'annotations.set'
  | 'annotations.setStatus'
  | 'annotations.queue'
  | 'annotations.annotators'
  | 'annotations.agreement'
  | 'annotations.suggest'
  | 'annotations.export'
  | 'annotations.import'
> {
  const { db, guard } = deps;
  // Providers in order of preference; a model-based provider (correspondence of patch features) goes before the atlas.
  const suggestions = createSuggestionService([projectModelProvider(db, deps.dataDir, deps.analysis), atlasProvider(db)]);
  return {
    'templates.list': ({ projectId }) => guard(() => listTemplates(db, projectId)),
    'templates.get': ({ id }) => guard(() => getTemplate(db, id)),
    'templates.create': ({ projectId, name, points }) => guard(() => createTemplate(db, projectId, name, points ?? defaultChestPoints())),
    'templates.update': ({ id, ...update }) => guard(() => updateTemplate(db, id, update)),
    'templates.duplicate': ({ id, name }) => guard(() => duplicateTemplate(db, id, name)),
    'templates.delete': ({ id, force }) => guard(() => ({ deleted: true as const, ...deleteTemplate(db, id, force) })),
    'templates.export': ({ id }) =>
      guard(() => {
        const t = loadTemplate(db, id);
        const stem = t.name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'template';
        return { fileName: `${stem}.template.json`, mimeType: 'application/json', content: writeTemplateFile(t) };
      }),
    'templates.import': ({ projectId, content, name }) =>
      guard(() => {
        const parsed = parseTemplateFile(content);
        return createTemplate(db, projectId, name ?? freeTemplateName(db, projectId, parsed.name), parsed.points);
      }),
    'annotations.image': ({ imageId, templateId, annotator }) => guard(() => getImageAnnotations(db, imageId, templateId, annotator)),
    'annotations.set': ({ imageId, templateId, annotator, changes }) => guard(() => setLandmarks(db, imageId, templateId, annotator, changes)),
    'annotations.setStatus': ({ imageId, templateId, annotator, ...change }) => guard(() => setImageStatus(db, imageId, templateId, annotator, change)),
    'annotations.queue': (query) => guard(() => workQueue(db, query)),
    'annotations.annotators': ({ datasetId, templateId }) => guard(() => listAnnotators(db, datasetId, templateId)),
    'annotations.agreement': ({ datasetId, templateId, annotators, outlierFactor }) =>
      guard(() => agreementReport(db, datasetId, templateId, annotators, outlierFactor)),
    'annotations.suggest': async ({ imageId, templateId }, ctx) => {
      const { image, template } = guard(() => annotationContext(db, imageId, templateId));
      const target = {
        imageId,
        datasetId: image.datasetId,
        projectId: image.projectId,
        templateId,
        points: template.points,
        width: image.width,
        height: image.height,
      };
      return suggestions.suggest(target, ctx.signal);
    },
    'annotations.export': ({ datasetId, templateId, format, annotator }) => guard(() => exportAnnotations(db, datasetId, templateId, format, annotator)),
    'annotations.import': (input) => guard(() => importAnnotations(db, input)),
  };
}
