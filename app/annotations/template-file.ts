import { z } from 'zod';
import { TemplateName, TemplatePoints, type TemplatePoint } from '../api/schemas/annotations';
import { FormatError, describeZodIssues } from './formats/errors';
import { checkPoints } from './template-points';

/** The shareable template file: versioned so later versions can still read files written today. */
export const TEMPLATE_FILE_FORMAT = 'cxr-anatomy-studio/landmark-template';
export const TEMPLATE_FILE_VERSION = 1;

const TemplateFile = z.object({
  format: z.literal(TEMPLATE_FILE_FORMAT, { message: `"format" must be "${TEMPLATE_FILE_FORMAT}" (is this a landmark template file?)` }),
  version: z.number().int().refine((v) => v <= TEMPLATE_FILE_VERSION, {
    message: `this file was written by a newer version of CXR Anatomy Studio (template file version > ${TEMPLATE_FILE_VERSION})`,
  }),
  name: TemplateName,
  points: TemplatePoints,
});

export function writeTemplateFile(template: { name: string; points: readonly TemplatePoint[] }): string {
  const file = {
    format: TEMPLATE_FILE_FORMAT,
    version: TEMPLATE_FILE_VERSION,
    name: template.name,
    points: template.points.map((p) => ({ ...p })),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Parses and validates a template file; errors name the offending entry (e.g. "points[3].colour"). */
export function parseTemplateFile(text: string): { name: string; points: TemplatePoint[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new FormatError(`The template file is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = TemplateFile.safeParse(raw);
  if (!parsed.success) throw new FormatError(`The template file is not valid: ${describeZodIssues(parsed.error)}`);
  checkPoints(parsed.data.points);
  return { name: parsed.data.name, points: parsed.data.points };
}
