import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportSummary, JobSummary } from '../../../app/api/contract';
import { createRuntime, type Runtime } from '../../../app/runtime';
import { writeGrayPng } from '../../helpers/images';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir('cxr-import-');
const runtimes: Runtime[] = [];
afterEach(async () => {
  for (const r of runtimes.splice(0)) await r.close();
});

const sharedDicom = path.resolve(__dirname, '../../../../shared/data/dicom');

function start(root: string): Runtime {
  const runtime = createRuntime({ databasePath: path.join(root, 'data', 'studio.sqlite'), host: 'cli', importWorkers: 2 });
  runtimes.push(runtime);
  return runtime;
}

async function call<T>(runtime: Runtime, op: string, input: unknown, onProgress?: (p: unknown) => void): Promise<T> {
  return (await runtime.dispatcher.call(op, input, { signal: new AbortController().signal, progress: onProgress ?? (() => {}) })) as T;
}

async function importInto(runtime: Runtime, datasetId: number, paths: string[]): Promise<ImportSummary> {
  const job = await call<JobSummary>(runtime, 'imports.start', { datasetId, paths });
  const ended = await call<JobSummary>(runtime, 'jobs.watch', { id: job.id });
  expect(ended.state, JSON.stringify(ended.error)).not.toBe('failed');
  return ended.result as ImportSummary;
}

async function makeFolder(root: string) {
  const src = path.join(root, 'src');
  const eight = await writeGrayPng(path.join(src, 'a', 'eight.png'), 40, 30, 8, 1);
  const sixteen = await writeGrayPng(path.join(src, 'a', 'sixteen.png'), 50, 20, 16, 2);
  await writeGrayPng(path.join(src, 'b', 'big.png'), 300, 200, 16, 3);
  fs.copyFileSync(path.join(src, 'a', 'eight.png'), path.join(src, 'b', 'eight-copy.png'));
  const broken = fs.readFileSync(path.join(src, 'a', 'sixteen.png')).subarray(0, 60);
  fs.writeFileSync(path.join(src, 'b', 'broken.png'), broken);
  fs.writeFileSync(path.join(src, 'notes.txt'), 'not an image');
  return { src, eight, sixteen };
}

describe('import', () => {
  it('imports a folder: images, duplicates linked, broken files recorded with a reason, non-images ignored', async () => {
    const root = tempDir();
    const { src, eight, sixteen: sixteenPixels } = await makeFolder(root);
    const runtime = start(root);
    const dataset = await call<{ id: number; settings: { longSide: number } }>(runtime, 'datasets.create', { projectId: 1, name: 'Mixed', settings: { longSide: 128 } });
    const progress: unknown[] = [];
    const job = await call<JobSummary>(runtime, 'imports.start', { datasetId: dataset.id, paths: [src] });
    const ended = await call<JobSummary>(runtime, 'jobs.watch', { id: job.id }, (p) => progress.push(p));
    const summary = ended.result as ImportSummary;
    expect(summary).toMatchObject({ status: 'finished', found: 5, imported: 3, duplicates: 1, failed: 1, noImage: 0, ignored: 1, skipped: 0 });
    expect(summary.failures).toHaveLength(1);
    expect(summary.failures[0]!.path).toBe(path.join(src, 'b', 'broken.png'));
    expect(summary.failures[0]!.reason.length).toBeGreaterThan(5);
    expect(progress.length).toBeGreaterThan(0);

    const list = await call<{ total: number; items: { id: number; fileName: string; status: string; duplicateOf: number | null }[] }>(
      runtime, 'images.list', { datasetId: dataset.id, sort: 'path' });
    expect(list.total).toBe(5);
    const byName = Object.fromEntries(list.items.map((i) => [i.fileName, i]));
    expect(byName['eight-copy.png']!.status).toBe('duplicate');
    expect(byName['eight-copy.png']!.duplicateOf).toBe(byName['eight.png']!.id);

    // An 8-bit source is cached value for value; a large one is resized to the working resolution.
    const detail = await call<{ metadata: { cacheMapping: { depth: number } } }>(runtime, 'images.get', { id: byName['eight.png']!.id });
    expect(detail.metadata.cacheMapping.depth).toBe(8);
    const pixels = await runtime.readMedia('pixels', byName['eight.png']!.id);
    expect(new Uint8Array(pixels.body)).toEqual(eight);
    const sixteen = await runtime.readMedia('pixels', byName['sixteen.png']!.id);
    expect(Buffer.from(sixteen.body).equals(Buffer.from(sixteenPixels.buffer))).toBe(true);
    const big = await runtime.readMedia('pixels', byName['big.png']!.id);
    expect([big.headers['x-cxr-width'], big.headers['x-cxr-height'], big.headers['x-cxr-bits']]).toEqual(['128', '85', '16']);
    const thumb = await runtime.readMedia('thumbnail', byName['big.png']!.id);
    expect((await sharp(thumb.body).metadata()).format).toBe('jpeg');
  });

  it('resumes: unchanged files are skipped, changed ones re-imported, and an interrupted import is marked', async () => {
    const root = tempDir();
    const { src } = await makeFolder(root);
    const runtime = start(root);
    const dataset = await call<{ id: number }>(runtime, 'datasets.create', { projectId: 1, name: 'Resume' });
    await importInto(runtime, dataset.id, [src]);
    const again = await importInto(runtime, dataset.id, [src]);
    expect(again).toMatchObject({ found: 5, skipped: 5, imported: 0, failed: 0 });
    await writeGrayPng(path.join(src, 'b', 'broken.png'), 10, 10, 8, 9);
    const fixed = await importInto(runtime, dataset.id, [src]);
    expect(fixed).toMatchObject({ skipped: 4, imported: 1, failed: 0 });
    const facets = await call<{ status: Record<string, number> }>(runtime, 'images.facets', { datasetId: dataset.id });
    expect(facets.status).toEqual({ ok: 4, duplicate: 1 });
    // The cache can be rebuilt from the sources: delete it and import again.
    fs.rmSync(path.join(root, 'data', 'cache'), { recursive: true });
    const rebuilt = await importInto(runtime, dataset.id, [src]);
    expect(rebuilt).toMatchObject({ imported: 4, duplicates: 1, skipped: 0 });
    const list = await call<{ items: { id: number; status: string }[] }>(runtime, 'images.list', { datasetId: dataset.id, status: 'ok' });
    for (const image of list.items) expect((await runtime.readMedia('thumbnail', image.id)).body.length).toBeGreaterThan(100);
  });

  it('can be cancelled, keeps what was done, and a re-run completes the rest', async () => {
    const root = tempDir();
    const src = path.join(root, 'many');
    // Large enough that the import takes seconds, so the cancel lands in the middle.
    for (let i = 0; i < 40; i++) await writeGrayPng(path.join(src, `img-${String(i).padStart(2, '0')}.png`), 1600, 1600, 16, i);
    const runtime = start(root);
    const dataset = await call<{ id: number }>(runtime, 'datasets.create', { projectId: 1, name: 'Cancel' });
    const job = await call<JobSummary>(runtime, 'imports.start', { datasetId: dataset.id, paths: [src] });
    let cancelled = false;
    const ended = await call<JobSummary>(runtime, 'jobs.watch', { id: job.id }, (p) => {
      if (!cancelled && (p as { done: number }).done >= 1) {
        cancelled = true;
        void call(runtime, 'jobs.cancel', { id: job.id });
      }
    });
    const partial = ended.result as ImportSummary;
    expect(partial.status).toBe('cancelled');
    expect(partial.imported).toBeGreaterThanOrEqual(1);
    expect(partial.imported).toBeLessThan(40);
    const rest = await importInto(runtime, dataset.id, [src]);
    expect(rest.skipped).toBe(partial.imported);
    expect(rest.imported + rest.skipped).toBe(40);
    const imports = await call<{ status: string }[]>(runtime, 'imports.list', { datasetId: dataset.id });
    expect(imports.map((i) => i.status)).toEqual(['finished', 'cancelled']);
  });

  it('reports a path that does not exist instead of importing nothing silently', async () => {
    const runtime = start(tempDir());
    const job = await call<JobSummary>(runtime, 'imports.start', { datasetId: (await call<{ id: number }>(runtime, 'datasets.create', { projectId: 1, name: 'X' })).id, paths: ['/no/such/folder'] });
    const ended = await call<JobSummary>(runtime, 'jobs.watch', { id: job.id });
    expect(ended.state).toBe('failed');
    expect(ended.error?.message).toBe('/no/such/folder: does not exist');
  });

  describe.skipIf(!fs.existsSync(sharedDicom))('real DICOM', () => {
    it('imports the NEMA and malformed files: every file ends as an image, "no image" or a specific error', async () => {
      const runtime = start(tempDir());
      const dataset = await call<{ id: number }>(runtime, 'datasets.create', { projectId: 1, name: 'NEMA' });
      const summary = await importInto(runtime, dataset.id, [sharedDicom]);
      expect(summary).toMatchObject({ found: 37, imported: 21, noImage: 6, failed: 10, ignored: 0 });
      for (const f of summary.failures) expect(f.reason).not.toMatch(/unexpected failure/);
      const mono1 = await call<{ items: { id: number }[] }>(runtime, 'images.list', { datasetId: dataset.id, search: 'RG3_UNC' });
      const detail = await call<{ metadata: { cacheMapping: { inverted: boolean }; metadata: { photometric: string } } }>(runtime, 'images.get', { id: mono1.items[0]!.id });
      expect(detail.metadata.metadata.photometric).toBe('MONOCHROME1');
      expect(detail.metadata.cacheMapping.inverted).toBe(true);
    });
  });
});

if (!fs.existsSync(sharedDicom)) console.warn(`real-DICOM import test skipped: ${sharedDicom} is absent`);
