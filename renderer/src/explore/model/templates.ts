import type { Template } from '../../../../app/api/schemas/annotations';

/** The template whose annotations an analysis reads by default: the first one with annotations, else the first. */
export function defaultTemplateId(templates: readonly Pick<Template, 'id' | 'annotationCount'>[]): number | undefined {
  return (templates.find((t) => t.annotationCount > 0) ?? templates[0])?.id;
}
