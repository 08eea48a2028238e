import { describe, expect, it } from 'vitest';
import { ActiveTimer, IDLE_LIMIT_MS } from '../../../renderer/src/annotate/activeTime';
import { detectImportFormat } from '../../../renderer/src/annotate/exchange';
import { loupePosition } from '../../../renderer/src/annotate/Loupe';
import { checkAnnotator } from '../../../renderer/src/annotate/session';

describe('active time on an image', () => {
  it('counts time between actions, a long pause only up to the idle limit, and hands it over once', () => {
    const t = new ActiveTimer(0);
    t.touch(2_000);
    t.touch(2_000 + 10 * IDLE_LIMIT_MS);
    expect(t.take(2_000 + 10 * IDLE_LIMIT_MS + 500)).toBeCloseTo(2 + IDLE_LIMIT_MS / 1000 + 0.5, 9);
    expect(t.take(2_000 + 10 * IDLE_LIMIT_MS + 1500)).toBeCloseTo(1, 9);
  });
});

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
