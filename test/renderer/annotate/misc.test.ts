import { describe, expect, it } from 'vitest';
import { detectImportFormat } from '../../../renderer/src/annotate/exchange';
import { loupePosition } from '../../../renderer/src/annotate/Loupe';
import { checkAnnotator } from '../../../renderer/src/annotate/session';

describe('import format detection', () => {
  it('from the name, then the content of .json files', () => {
    expect(detectImportFormat('a.csv', '')).toBe('csv');
    expect(detectImportFormat('F_1.mrk.json', '{}')).toBe('mrk');
    expect(detectImportFormat('x.json', '{"images":[],"annotations":[],"categories":[]}')).toBe('coco');
    expect(detectImportFormat('x.json', '{"markups":[]}')).toBe('mrk');
    expect(detectImportFormat('landmarks.json', '{"images":[{"file":"a","structures":{}}]}')).toBe('jsrt');
    expect(detectImportFormat('export.json', '{"format":"cxr-landmarks"}')).toBe('json');
  });
});

describe('loupe placement and annotator names', () => {
  it('sits up and right of the pointer, flipping at the edges', () => {
    const stage = { width: 800, height: 600 };
    expect(loupePosition({ x: 100, y: 400 }, stage, 100, 10)).toEqual({ x: 110, y: 290 });
    expect(loupePosition({ x: 750, y: 50 }, stage, 100, 10)).toEqual({ x: 640, y: 60 });
  });

  it('checks the name as the host will', () => {
    expect(checkAnnotator('  alice ')).toEqual({ name: 'alice' });
    expect(checkAnnotator(' ')).toHaveProperty('error');
    expect(checkAnnotator('x'.repeat(81))).toHaveProperty('error');
  });
});
