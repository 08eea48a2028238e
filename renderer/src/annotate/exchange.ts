import type { ExportFormat, ImportFormat } from '../../../app/api/schemas/annotations';

export const EXPORT_FORMATS: readonly { readonly format: ExportFormat; readonly label: string; readonly help: string }[] = [
  { format: 'csv', label: 'CSV', help: 'One row per landmark: image, landmark, x, y (original pixels), normalised x/y, status, annotator, timestamp' },
  { format: 'json', label: 'JSON', help: 'Everything, with the template: for re-import and scripts' },
  { format: 'coco', label: 'COCO keypoints', help: 'The template as the category skeleton; visibility 0/1/2' },
  { format: 'mrk', label: '3D Slicer', help: 'Markups point lists (.mrk.json), one per image and annotator' },
];

export const IMPORT_FORMAT_LABELS: Record<ImportFormat, string> = {
  csv: 'CSV',
  json: 'JSON (this app)',
  coco: 'COCO keypoints',
  mrk: '3D Slicer .mrk.json',
  jsrt: 'JSRT-dev landmarks.json',
};

/** The format of a file to import, from its name and (for .json) a look at its content. */
export function detectImportFormat(fileName: string, content: string): ImportFormat {
  const name = fileName.toLowerCase();
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.mrk.json')) return 'mrk';
  const head = content.slice(0, 200_000);
  if (/"markups"\s*:/.test(head)) return 'mrk';
  if (/"categories"\s*:/.test(head) && /"annotations"\s*:/.test(head)) return 'coco';
  if (/"structures"\s*:/.test(head)) return 'jsrt';
  return name.endsWith('.json') ? 'json' : 'csv';
}
