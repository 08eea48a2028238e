import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallContext } from '../../../../app/api/dispatcher';
import { createRuntime, type Runtime } from '../../../../app/runtime';
import { importPhantoms, type PhantomDataset } from '../../../helpers/phantom-dataset';

/**
 * The explore.* operations end to end: the handlers resolve ids in the database, the real analysis worker thread
 * computes (raw-pixel features: no training needed), results come back through the contract's schemas.
 */
const ctx = (signal = new AbortController().signal): CallContext & { events: unknown[] } => {
  const events: unknown[] = [];
  return { signal, progress: (p) => events.push(p), events };
};

describe('explore API through the analysis worker', () => {
  let runtime: Runtime;
  let phantoms: PhantomDataset;
  let dir: string;
  let ids: number[];
  const call = async <T>(op: string, input: unknown, c = ctx()): Promise<T> => (await runtime.dispatcher.call(op, input, c)) as T;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cxr-explore-api-'));
    runtime = createRuntime({ databasePath: path.join(dir, 'studio.sqlite'), host: 'cli', sampleImages: 0, importWorkers: 1 });
    phantoms = await importPhantoms(runtime, dir, { count: 6, size: 256, longSide: 128 });
    ids = (await call<{ items: { id: number }[] }>('images.list', { datasetId: phantoms.datasetId, limit: 100 })).items.map((i) => i.id);
  }, 120_000);
  afterAll(async () => {
    await runtime.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists the baselines as sources of a project without runs', async () => {
    const sources = await call<{ ref: { kind: string } }[]>('explore.sources', { projectId: phantoms.projectId });
    expect(sources.map((s) => s.ref.kind)).toEqual(['random', 'pixels']);
  });

  it('finds a point of an image on the same image where it is, with a heat map over the token grid', { timeout: 60_000 }, async () => {
    const c = ctx();
    const out = await call<{ keys: { imageId: number; match: { x: number; y: number; score: number }; heatmap: { rows: number; cols: number; values: number[]; extent: unknown } }[] }>(
      'explore.correspond',
      { source: { kind: 'pixels' }, queryImageId: ids[0], point: { x: 100, y: 140 }, keyImageIds: [ids[0], ids[1]] },
      c,
    );
    expect(out.keys.map((k) => k.imageId)).toEqual([ids[0], ids[1]]);
    const self = out.keys[0]!;
    expect(Math.hypot(self.match.x - 100, self.match.y - 140)).toBeLessThan(16);
    expect(self.heatmap.values).toHaveLength(self.heatmap.rows * self.heatmap.cols);
    // Non-overlapping tokens tile the whole original frame.
    expect(self.heatmap.extent).toEqual({ x0: 0, y0: 0, x1: 256, y1: 256 });
    expect(c.events.length).toBeGreaterThan(0);
  });

  // At the default 512-px input (1024 log-binned 4352-dim descriptors an image) this took ~52–60 s on the 2-core
  // machines of earlier sessions and over 120 s on an AMD EPYC one (k-means on 5785 × 4352 in JS: ~23 s a K);
  // a 256-px input tests the same path on a quarter of the tokens (still ~48 s there).
  const settings = { inputSize: 256 };
  it('co-segments the phantoms, and a new K reuses the prepared stages', { timeout: 240_000 }, async () => {
    const five = await call<{ legend: unknown[]; images: { labels: { rows: number; cols: number; base64: string } }[] }>('explore.cosegment', {
      source: { kind: 'pixels' },
      settings,
      imageIds: ids,
      parts: 5,
    });
    expect(five.legend).toHaveLength(5);
    expect(five.images).toHaveLength(ids.length);
    const labels = Buffer.from(five.images[0]!.labels.base64, 'base64');
    expect(labels.length).toBe(five.images[0]!.labels.rows * five.images[0]!.labels.cols);
    expect(Math.max(...labels)).toBeLessThanOrEqual(5);
    const three = await call<{ legend: unknown[]; elapsedMs: number }>('explore.cosegment', { source: { kind: 'pixels' }, settings, imageIds: ids, parts: 3 });
    expect(three.legend).toHaveLength(3);

    const out = path.join(dir, 'labels');
    const written = await call<{ files: string[] }>('explore.cosegmentExport', { source: { kind: 'pixels' }, settings, imageIds: ids, parts: 3, outDir: out });
    expect(written.files.map((f) => path.basename(f)).sort()).toEqual([...phantoms.manifest.images.map((i) => `${path.parse(i.file).name}.png`), 'legend.json'].sort());
  });

  it('cancels a call in flight with a cancellation error, and the worker keeps serving', { timeout: 60_000 }, async () => {
    const controller = new AbortController();
    const pending = call('explore.cosegment', { source: { kind: 'random' }, imageIds: ids, parts: 4 }, ctx(controller.signal));
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    const sources = await call<unknown[]>('explore.sources', { projectId: phantoms.projectId });
    expect(sources).toHaveLength(2);
  });

  it('says why a landmark evaluation cannot run without annotations', async () => {
    const templates = await call<{ id: number }[]>('templates.list', { projectId: phantoms.projectId });
    await expect(
      call('explore.landmarks', { source: { kind: 'pixels' }, datasetId: phantoms.datasetId, templateId: templates[0]!.id }),
    ).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('at least two images') });
  });
});
