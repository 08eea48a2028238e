import { describe, expect, it } from 'vitest';
import type { ImageSummary } from '../../../app/api/contract';
import type { ApiClient } from '../../../renderer/src/api';
import { PageStore } from '../../../renderer/src/data/browse/useImagePages';
import { parsePaths } from '../../../renderer/src/data/imports/ImportForm';
import { decoderEntries, metadataLabel, metadataText, workingCopyRows } from '../../../renderer/src/data/viewer/MetadataPanel';

const TOTAL = 100_000;

function image(i: number): ImageSummary {
  return {
    id: i + 1,
    sourcePath: `/d/${i}.png`,
    fileName: `${i}.png`,
    status: 'ok',
    error: null,
    width: 1,
    height: 1,
    modality: null,
    view: null,
    sex: null,
    ageYears: null,
    duplicateOf: null,
    hasThumbnail: true,
  };
}

/** A fake client answering images.list over 100,000 images, recording every page asked for. */
function fakeApi() {
  const calls: { offset: number; limit: number }[] = [];
  const api = {
    call: async (op: string, input: { offset: number; limit: number }) => {
      if (op !== 'images.list') throw new Error(`unexpected ${op}`);
      calls.push({ offset: input.offset, limit: input.limit });
      const items = [];
      for (let i = input.offset; i < Math.min(TOTAL, input.offset + input.limit); i++) items.push(image(i));
      return { total: TOTAL, items };
    },
  } as unknown as ApiClient;
  return { api, calls };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('grid page cache', () => {
  it('fetches only the pages a range needs, once each, and never the whole dataset', async () => {
    const { api, calls } = fakeApi();
    const store = new PageStore(api, { datasetId: 1 }, 200, 5);
    store.request(0, 30);
    store.request(10, 40); // same page, in flight: not asked again
    await flush();
    expect(calls).toEqual([{ offset: 0, limit: 200 }]);
    expect(store.total).toBe(TOTAL);
    expect(store.at(25)?.fileName).toBe('25.png');
    expect(store.at(250)).toBeUndefined();

    store.request(190, 410); // pages 0 (cached), 1, 2
    await flush();
    expect(calls.map((c) => c.offset)).toEqual([0, 200, 400]);

    // Jump to the end: one page, the last.
    expect((await store.load(99_999))?.fileName).toBe('99999.png');
    expect(calls.map((c) => c.offset)).toEqual([0, 200, 400, 99_800]);
    expect(calls.every((c) => c.limit === 200)).toBe(true);
  });

  it('keeps at most maxPages pages, dropping the least recently used', async () => {
    const { api, calls } = fakeApi();
    const store = new PageStore(api, { datasetId: 1 }, 100, 3);
    for (const page of [0, 1, 2]) await store.load(page * 100);
    await store.load(5); // touch page 0: now page 1 is the oldest
    await store.load(300); // page 3 evicts page 1
    expect(store.at(5)).toBeDefined();
    expect(store.at(150)).toBeUndefined();
    expect(store.at(250)).toBeDefined();
    expect(store.at(350)).toBeDefined();
    await store.load(150); // fetched again
    expect(calls.map((c) => c.offset)).toEqual([0, 100, 200, 300, 100]);
  });

  it('after invalidate keeps showing the old pages and refetches them when next requested', async () => {
    const { api, calls } = fakeApi();
    const store = new PageStore(api, { datasetId: 1 }, 100, 3);
    await store.load(0);
    store.invalidate();
    expect(store.at(3)?.fileName).toBe('3.png');
    store.request(0, 10);
    expect(store.at(3)?.fileName).toBe('3.png');
    await flush();
    expect(calls.map((c) => c.offset)).toEqual([0, 0]);
    store.request(0, 10); // fresh again: no third fetch
    await flush();
    expect(calls).toHaveLength(2);
  });

  it('ignores answers after dispose and works again after activate', async () => {
    const { api } = fakeApi();
    const store = new PageStore(api, { datasetId: 1 }, 100, 3);
    store.dispose();
    store.activate();
    expect((await store.load(42))?.fileName).toBe('42.png');
  });
});

describe('import paths and metadata text', () => {
  it('takes one path per line, trimming blanks and quotes pasted from file managers', () => {
    expect(parsePaths(' /data/a \n\n"/data/with space"\r\n\'/x\'\n   \n')).toEqual(['/data/a', '/data/with space', '/x']);
  });

  it('labels and formats decoder metadata', () => {
    expect(metadataLabel('transferSyntaxName')).toBe('Transfer syntax name');
    expect(metadataLabel('pixelSpacing')).toBe('Pixel spacing');
    expect(metadataText([0.139, 0.139])).toBe('0.139 \\ 0.139');
    expect(metadataText('')).toBe('(empty)');
    expect(metadataText({ a: 1 })).toBe('{"a":1}');
    const md = {
      cacheMapping: { lo: 0, hi: 1023, depth: 16, inverted: true },
      defaultWindow: { center: 550, width: 1024 },
      frameCount: 1,
      warnings: [],
      fileName: 'x.dcm',
      metadata: { modality: 'CR', photometric: 'MONOCHROME1' },
    };
    expect(workingCopyRows(md)).toEqual([
      ['Cached range', '0 … 1023 (modality units) as 16-bit, inverted (MONOCHROME1)'],
      ['File window', 'C 550 · W 1024'],
      ['Frames', '1'],
    ]);
    expect(workingCopyRows({ metadata: { format: 'png' } })).toEqual([]);
    expect(decoderEntries(md)).toEqual([
      ['modality', 'CR'],
      ['photometric', 'MONOCHROME1'],
    ]);
  });
});
