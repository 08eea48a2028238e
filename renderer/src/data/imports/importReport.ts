import type { ImportSummary } from '../../../../app/api/contract';

/** One CSV field per RFC 4180: quoted when it holds a comma, a quote, or a line break; quotes doubled. */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(fields: readonly (string | number)[]): string {
  return fields.map(csvField).join(',');
}

/** The failed files as CSV (header `path,reason`, CRLF line ends as the RFC says, so spreadsheets agree). */
export function failuresCsv(failures: ImportSummary['failures']): string {
  return [csvRow(['path', 'reason']), ...failures.map((f) => csvRow([f.path, f.reason]))].join('\r\n') + '\r\n';
}

export interface ReportCount {
  readonly key: keyof Pick<ImportSummary, 'found' | 'imported' | 'duplicates' | 'noImage' | 'failed' | 'skipped' | 'ignored'>;
  readonly label: string;
  readonly help: string;
}

/** The counts of a report, in the order shown. */
export const REPORT_COUNTS: readonly ReportCount[] = [
  { key: 'found', label: 'Found', help: 'Image files found in the given paths' },
  { key: 'imported', label: 'Imported', help: 'New images added to the dataset' },
  { key: 'duplicates', label: 'Duplicates', help: 'Exact copies of an image already in the dataset, linked instead of imported again' },
  { key: 'noImage', label: 'No image', help: 'Readable files without pixel data (e.g. DICOM reports)' },
  { key: 'failed', label: 'Failed', help: 'Files that could not be decoded; the reasons are listed below' },
  { key: 'skipped', label: 'Already imported', help: 'Unchanged files from an earlier import of this dataset (resume)' },
  { key: 'ignored', label: 'Not images', help: 'Files that are neither DICOM nor an image (text, CSV, …), left alone' },
];

/** A plain-text report for the clipboard: counts, then the failed files as tab-separated lines (pastes into a sheet). */
export function reportText(title: string, summary: ImportSummary): string {
  const lines = [
    `${title}: ${summary.status} in ${summary.seconds.toFixed(1)} s (${summary.imagesPerSecond.toFixed(1)} images/s)`,
    REPORT_COUNTS.map((c) => `${c.label}: ${summary[c.key]}`).join('\n'),
  ];
  if (summary.failures.length > 0) {
    lines.push('', `Failed files (${summary.failures.length}):`, ...summary.failures.map((f) => `${f.path}\t${f.reason}`));
    if (summary.failures.length < summary.failed) lines.push(`… and ${summary.failed - summary.failures.length} more (see the Failed filter).`);
  }
  return lines.join('\n') + '\n';
}

/** A file name for the CSV export: the dataset name made safe, with the import's id. */
export function csvFileName(datasetName: string, importId: number): string {
  const safe = datasetName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'dataset';
  return `${safe}-import-${importId}-failures.csv`;
}
