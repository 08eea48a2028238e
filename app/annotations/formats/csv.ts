import { normalise } from '../geometry';
import { FormatError } from './errors';
import { num, type ExportDocument, type ParsedAnnotation, type ParsedDocument } from './types';

/**
 * CSV, one row per annotated landmark: image, landmark, x, y, x_norm, y_norm, status, annotator, timestamp.
 * x, y: original image pixels (x = column, y = row, integers at pixel centres); x_norm, y_norm: the same in [0, 1]
 * (see geometry.ts); status: "placed" or "absent" (then the coordinates are empty); timestamp: last change, ISO 8601.
 * RFC 4180: CRLF line ends, fields quoted when they contain a comma, quote or line break, quotes doubled.
 */

export const CSV_COLUMNS = ['image', 'landmark', 'x', 'y', 'x_norm', 'y_norm', 'status', 'annotator', 'timestamp'] as const;

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const NORM_DIGITS = 6;

export function writeCsv(doc: ExportDocument): string {
  const sizes = new Map(doc.images.map((i) => [i.file, i]));
  const lines = [CSV_COLUMNS.join(',')];
  for (const a of doc.annotations) {
    const image = sizes.get(a.file)!;
    const n = a.state === 'placed' ? normalise(a.x!, a.y!, image.width, image.height) : null;
    const round = (v: number) => num(Number(v.toFixed(NORM_DIGITS)));
    const row = [
      a.file,
      a.landmark,
      a.x === null ? '' : num(a.x),
      a.y === null ? '' : num(a.y),
      n ? round(n.u) : '',
      n ? round(n.v) : '',
      a.state,
      a.annotator,
      a.updatedAt,
    ];
    lines.push(row.map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** RFC 4180 records with the line each starts on; tolerant of LF-only files and a UTF-8 BOM. */
export function parseCsvRecords(text: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  const s = text.replace(/^\uFEFF/, '');
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let i = 0;
  let quoted = false;
  let atFieldStart = true;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: start, fields });
    fields = [];
    field = '';
    atFieldStart = true;
  };
  while (i < s.length) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        const next = s[i];
        if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
          throw new FormatError(`CSV line ${line}: unexpected character after a closing quote (a quote inside a field must be doubled: "").`);
        }
        continue;
      }
      if (c === '\n') line++;
      field += c;
      i++;
      continue;
    }
    if (c === '"' && atFieldStart) {
      quoted = true;
      atFieldStart = false;
      i++;
      continue;
    }
    if (c === ',') {
      fields.push(field);
      field = '';
      atFieldStart = true;
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && s[i + 1] === '\n' ? 2 : 1;
      line++;
      start = line;
      continue;
    }
    field += c;
    atFieldStart = false;
    i++;
  }
  if (quoted) throw new FormatError(`CSV line ${start}: a quoted field is not closed before the end of the file.`);
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

function numberOrNull(text: string, what: string, line: number): number | null {
  const t = text.trim();
  if (t === '') return null;
  const v = Number(t);
  if (!Number.isFinite(v)) throw new FormatError(`CSV line ${line}: ${what} "${text}" is not a number.`);
  return v;
}

export function parseCsv(text: string): ParsedDocument {
  const records = parseCsvRecords(text);
  const header = records.shift();
  if (!header) throw new FormatError('The CSV file is empty: expected a header line with at least "image" and "landmark" columns.');
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const col = (name: string) => names.indexOf(name);
  for (const required of ['image', 'landmark']) {
    if (col(required) < 0) throw new FormatError(`CSV line ${header.line}: the header has no "${required}" column (found: ${names.join(', ')}).`);
  }
  const hasPixels = col('x') >= 0 && col('y') >= 0;
  const hasNorm = col('x_norm') >= 0 && col('y_norm') >= 0;
  if (!hasPixels && !hasNorm) throw new FormatError(`CSV line ${header.line}: the header needs "x" and "y" (pixels) or "x_norm" and "y_norm" columns.`);
  const annotations: ParsedAnnotation[] = [];
  const order: string[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    if (r.fields.length !== names.length) {
      throw new FormatError(`CSV line ${r.line}: ${r.fields.length} fields, but the header has ${names.length}.`);
    }
    const get = (name: string) => (col(name) >= 0 ? r.fields[col(name)]! : '');
    const file = get('image').trim();
    const landmark = get('landmark').trim();
    if (!file) throw new FormatError(`CSV line ${r.line}: the image is empty.`);
    if (!landmark) throw new FormatError(`CSV line ${r.line}: the landmark is empty.`);
    const x = numberOrNull(get('x'), 'x', r.line);
    const y = numberOrNull(get('y'), 'y', r.line);
    const u = numberOrNull(get('x_norm'), 'x_norm', r.line);
    const v = numberOrNull(get('y_norm'), 'y_norm', r.line);
    const hasXY = x !== null && y !== null;
    const hasUV = u !== null && v !== null;
    const statusText = get('status').trim().toLowerCase();
    let state: 'placed' | 'absent';
    if (statusText === 'placed' || statusText === 'absent') state = statusText;
    else if (statusText === '') state = hasXY || hasUV ? 'placed' : 'absent';
    else throw new FormatError(`CSV line ${r.line}: status "${get('status')}" is neither "placed" nor "absent".`);
    if (state === 'placed' && !hasXY && !hasUV) throw new FormatError(`CSV line ${r.line}: "${landmark}" is placed but has no coordinates.`);
    if ((x === null) !== (y === null)) throw new FormatError(`CSV line ${r.line}: give both x and y, or neither.`);
    const annotator = get('annotator').trim() || null;
    const timestamp = get('timestamp').trim();
    if (!seen.has(landmark)) {
      seen.add(landmark);
      order.push(landmark);
    }
    annotations.push({
      file,
      landmark,
      annotator,
      state,
      x: state === 'placed' && hasXY ? x : null,
      y: state === 'placed' && hasXY ? y : null,
      ...(state === 'placed' && !hasXY ? { norm: { u: u!, v: v! } } : {}),
      ...(timestamp && !Number.isNaN(Date.parse(timestamp)) ? { updatedAt: timestamp } : {}),
      where: `line ${r.line}`,
    });
  }
  return { landmarks: order.map((key) => ({ key })), images: [], annotations, statuses: [] };
}
