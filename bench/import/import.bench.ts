/**
 * End-to-end import throughput through the real runtime (scan, read, hash, decode, cache, thumbnail, database row),
 * each case into a fresh data folder so nothing is cached: `npm run bench:import`.
 * Targets (2 cores): 1024² 8-bit PNG ≥ 60 images/s; 2k² JPEG 2000 lossless CR ≥ 4 images/s; 5,000 images under 1.5 GB RSS.
 * IMPORT_BENCH_CASES=png,j2k,many (comma-separated, default all) runs only the named cases.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { ImportSummary, JobSummary } from '../../app/api/contract';
import { createRuntime, type Runtime } from '../../app/runtime';
import { printRow, printTable, trackPeakRss, type Row } from '../lib/report';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shared = path.resolve(repoRoot, '../shared/data');
const workers = os.availableParallelism();

async function importInto(runtime: Runtime, name: string, sources: string[]): Promise<ImportSummary> {
  const ctx = { signal: new AbortController().signal, progress: () => {} };
  const dataset = (await runtime.dispatcher.call('datasets.create', { projectId: 1, name }, ctx)) as { id: number };
  const job = (await runtime.dispatcher.call('imports.start', { datasetId: dataset.id, paths: sources }, ctx)) as JobSummary;
  const ended = (await runtime.dispatcher.call('jobs.watch', { id: job.id }, ctx)) as JobSummary;
  return ended.result as ImportSummary;
}

/**
 * Steady-state throughput: a warm-up import of one file of the same kind first starts the workers and loads the
 * codecs (from TypeScript sources here, which takes seconds a packaged app does not spend).
 */
async function importCase(name: string, sources: string[], warmUp: string, expectedImages: number): Promise<Row> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cxr-bench-import-'));
  // No sample dataset: its first-start generation and import would share the CPU and the pool with the import measured.
  const runtime = createRuntime({ databasePath: path.join(dir, 'studio.sqlite'), host: 'cli', importWorkers: workers, sampleImages: 0 });
  try {
    await importInto(runtime, 'warm-up', [warmUp]);
    const rss = trackPeakRss();
    const s = await importInto(runtime, name, sources);
    const peak = rss.stop();
    if (s.imported + s.duplicates !== expectedImages) throw new Error(`${name}: expected ${expectedImages} images, got ${JSON.stringify(s)}`);
    return {
      case: name,
      backend: 'n/a (decode)',
      threads: workers,
      images: s.imported + s.duplicates,
      failed: s.failed,
      seconds: Number(s.seconds.toFixed(2)),
      images_per_s: Number(s.imagesPerSecond.toFixed(1)),
      peak_rss_mb: peak,
    };
  } finally {
    await runtime.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Distinct files (different bytes, so no duplicates) made from one source by varying one corner pixel. */
async function variantsOfPng(source: string, count: number, dir: string): Promise<void> {
  const { data, info } = await sharp(source).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    data[0] = i % 256;
    data[1] = Math.floor(i / 256) % 256;
    // Gray like the source: without naming the colourspace sharp writes one-channel data as an RGB PNG.
    await sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } })
      .toColourspace('b-w')
      .png()
      .toFile(path.join(dir, `v${String(i).padStart(5, '0')}.png`));
  }
}

const jsrt = path.join(shared, 'jsrt-dev/images');
const jsrtPngs = fs.existsSync(jsrt) ? fs.readdirSync(jsrt).filter((f) => f.endsWith('.png')).map((f) => path.join(jsrt, f)) : [];
const dicom = path.join(shared, 'dicom');

/** Each case returns its row, or why it cannot run here. */
const CASES: Record<string, (scratch: string) => Promise<Row | string>> = {
  png: async () =>
    jsrtPngs.length > 0 ? importCase('png-1024-8bit (JSRT)', [jsrt], jsrtPngs[0]!, jsrtPngs.length) : `skipped png-1024-8bit: ${jsrt} is absent`,
  j2k: async (scratch) => {
    const j2k = ['RG2_J2KR.dcm', 'RG3_J2KR.dcm'].map((f) => path.join(dicom, f));
    if (!j2k.every((f) => fs.existsSync(f))) return `skipped j2k-lossless-2k: ${dicom} is absent`;
    // Copies in separate folders: same bytes, so all but the first are duplicates — decode still runs for each.
    const dir = path.join(scratch, 'j2k');
    for (let i = 0; i < 20; i++) for (const f of j2k) fs.cpSync(f, path.join(dir, String(i), path.basename(f)));
    return importCase('j2k-lossless-2k (NEMA CR)', [dir], j2k[0]!, 40);
  },
  many: async (scratch) => {
    const seed = jsrtPngs[0];
    if (!seed) return `skipped 5000 x png-1024-8bit: ${jsrt} is absent`;
    const dir = path.join(scratch, 'five-thousand');
    await variantsOfPng(seed, 5000, dir);
    return importCase('5000 x png-1024-8bit', [dir], seed, 5000);
  },
};

const selected = (process.env.IMPORT_BENCH_CASES ?? Object.keys(CASES).join(',')).split(',').map((c) => c.trim());
const unknown = selected.filter((c) => !(c in CASES));
if (unknown.length > 0) throw new Error(`IMPORT_BENCH_CASES: unknown case(s) ${unknown.join(', ')}; known: ${Object.keys(CASES).join(', ')}`);
const rows: Row[] = [];
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cxr-bench-src-'));
try {
  for (const name of selected) {
    const row = await CASES[name]!(scratch);
    if (typeof row === 'string') console.warn(row);
    else rows.push(row);
  }
  for (const r of rows) printRow(r);
  printTable(rows);
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
