import type { ExportFormat, ImportFormat } from '../../api/schemas/annotations';
import { parseCoco, writeCoco } from './coco';
import { parseCsv, writeCsv } from './csv';
import { JSON_FORMAT, parseJson, writeJson } from './json';
import { parseSlicer, writeSlicer } from './slicer';
import type { ExportDocument, ParsedDocument } from './types';

export interface FormatSpec {
  readonly write: (doc: ExportDocument) => string;
  readonly parse: (text: string) => ParsedDocument;
  readonly extension: string;
  readonly mimeType: string;
  readonly label: string;
}

export const FORMATS: Record<ExportFormat, FormatSpec> = {
  csv: { write: writeCsv, parse: parseCsv, extension: '.csv', mimeType: 'text/csv', label: 'CSV' },
  json: { write: writeJson, parse: parseJson, extension: '.landmarks.json', mimeType: 'application/json', label: 'CXR Anatomy Studio JSON' },
  coco: { write: writeCoco, parse: parseCoco, extension: '.coco.json', mimeType: 'application/json', label: 'COCO keypoints' },
  mrk: { write: writeSlicer, parse: parseSlicer, extension: '.mrk.json', mimeType: 'application/json', label: '3D Slicer markups' },
};

/** The format of a file from its name, then its content; null when neither tells. */
export function detectFormat(fileName: string, text: string): ImportFormat | null {
  const name = fileName.toLowerCase();
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.mrk.json')) return 'mrk';
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (!head.startsWith('{')) return head.length > 0 && /^[^\r\n]*,/.test(head) ? 'csv' : null;
  let value: unknown;
  try {
    value = JSON.parse(head);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const o = value as Record<string, unknown>;
  if (typeof o['@schema'] === 'string' && Array.isArray(o.markups)) return 'mrk';
  if (o.format === JSON_FORMAT) return 'json';
  if (Array.isArray(o.categories) && Array.isArray(o.annotations)) return 'coco';
  if (Array.isArray(o.images) && (o.images as unknown[]).some((i) => typeof i === 'object' && i !== null && 'structures' in i)) return 'jsrt';
  return null;
}
