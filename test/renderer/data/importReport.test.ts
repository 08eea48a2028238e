import { describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../../app/api/contract';
import { csvField, csvFileName, failuresCsv, reportText } from '../../../renderer/src/data/imports/importReport';

const summary: ImportSummary = {
  importId: 7,
  datasetId: 3,
  status: 'finished',
  found: 40,
  imported: 36,
  duplicates: 2,
  noImage: 0,
  failed: 2,
  skipped: 0,
  ignored: 1,
  failures: [
    { path: '/data/a,b.png', reason: 'PNG truncated: "IDAT" incomplete' },
    { path: '/data/plain.png', reason: 'line one\nline two' },
  ],
  seconds: 1.234,
  imagesPerSecond: 32.4,
};

describe('import report export', () => {
  it('escapes CSV fields per RFC 4180', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField(12)).toBe('12');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField('')).toBe('');
    expect(csvField(' spaced ')).toBe(' spaced ');
  });

  it('writes the failures with a header and CRLF line ends', () => {
    expect(failuresCsv(summary.failures)).toBe(
      'path,reason\r\n"/data/a,b.png","PNG truncated: ""IDAT"" incomplete"\r\n/data/plain.png,"line one\nline two"\r\n',
    );
    expect(failuresCsv([])).toBe('path,reason\r\n');
  });

  it('writes a plain-text report with counts and tab-separated failures', () => {
    const text = reportText('Import into "Pilot"', summary);
    expect(text.split('\n').slice(0, 8)).toEqual([
      'Import into "Pilot": finished in 1.2 s (32.4 images/s)',
      'Found: 40',
      'Imported: 36',
      'Duplicates: 2',
      'No image: 0',
      'Failed: 2',
      'Already imported: 0',
      'Not images: 1',
    ]);
    expect(text).toContain('Failed files (2):\n/data/a,b.png\tPNG truncated: "IDAT" incomplete\n');
    expect(reportText('x', { ...summary, failed: 5 })).toContain('… and 3 more');
  });

  it('names the CSV after the dataset, safely', () => {
    expect(csvFileName('Pilot / ward 3', 7)).toBe('Pilot-ward-3-import-7-failures.csv');
    expect(csvFileName('???', 1)).toBe('dataset-import-1-failures.csv');
  });
});
