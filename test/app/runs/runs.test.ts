import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportSummary, JobSummary } from '../../../app/api/contract';
import type { MetricSeries, Run, RunExport, RunPreview, RunSample, RunSettings, SimilarityMap } from '../../../app/api/schemas/runs';
import { runCli } from '../../../app/cli/run';
import { generateSampleSet } from '../../../app/phantom';
import { createRuntime, type Runtime } from '../../../app/runtime';
import { parseSafetensors } from '../../../app/ssl/checkpoint/safetensors';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir('cxr-runs-');
const runtimes: Runtime[] = [];
afterEach(async () => {
  for (const r of runtimes.splice(0)) await r.close();
});

async function call<T>(runtime: Runtime, op: string, input: unknown): Promise<T> {
  return (await runtime.dispatcher.call(op, input, { signal: new AbortController().signal, progress: () => {} })) as T;
}

/** A runtime with a dataset of 8 small phantoms (the cache at 128 px keeps reads cheap). */
async function withPhantoms(root: string): Promise<{ runtime: Runtime; datasetId: number; databasePath: string }> {
  const databasePath = path.join(root, 'data', 'studio.sqlite');
  const runtime = createRuntime({ databasePath, host: 'cli', backend: 'cpu' });
  runtimes.push(runtime);
  const src = path.join(root, 'phantoms');
  await generateSampleSet({ count: 8, seed: 3, size: 128, dir: src });
  const dataset = await call<{ id: number }>(runtime, 'datasets.create', { projectId: 1, name: 'Phantoms', settings: { longSide: 128 } });
  const job = await call<JobSummary>(runtime, 'imports.start', { datasetId: dataset.id, paths: [src] });
  const ended = await call<JobSummary>(runtime, 'jobs.watch', { id: job.id });
  expect((ended.result as ImportSummary).imported).toBe(8);
  return { runtime, datasetId: dataset.id, databasePath };
}

/** A tiny ACE run: 4×4-cell crops of 8 px cells on a 64 px grid, a 2-block ViT with 32 channels. */
const TINY: RunSettings = {
  method: 'ace',
  backbone: 'vit-t16',
  imageSize: 64,
  cellSize: 8,
  cropCells: 4,
  embedDim: 32,
  depth: 2,
  numHeads: 2,
  dinoOutDim: 64,
  batch: 2,
  microBatch: 1,
  epochs: 3,
  lr: 5e-4,
  warmupEpochs: 1,
  checkpointEvery: 2,
  seed: 7,
};

/** Our own child processes whose command line mentions `needle` (Linux /proc; no procps needed). */
function childPids(needle: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return ppid === process.pid && fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(needle);
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function until(runtime: Runtime, id: number, done: (r: Run) => boolean, timeoutMs = 120_000): Promise<Run> {
  const start = Date.now();
  for (;;) {
    const run = await call<Run>(runtime, 'runs.get', { id });
    if (done(run)) return run;
    if (Date.now() - start > timeoutMs) throw new Error(`run ${id} stuck: ${JSON.stringify(run)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Previews at every checkpoint (every 2 steps): the latest for the op, a PCA PNG per step in the run folder. */
async function previewed(runtime: Runtime, run: Run, root: string, log: string): Promise<void> {
  const preview = (await call<RunPreview | null>(runtime, 'runs.preview', { id: run.id }))!;
  // The probe is the run's first image (lowest id).
  const images = (await call<{ items: { id: number }[] }>(runtime, 'images.list', { datasetId: run.datasetIds[0] })).items;
  expect(preview).toMatchObject({ step: 12, weights: 'teacher', rows: 4, cols: 4, dim: 32, inputSize: 32, probeImageId: Math.min(...images.map((i) => i.id)) });
  expect(preview.probe).toMatch(/^data:image\/png;base64,/);
  expect(preview.pca).toMatch(/^data:image\/png;base64,/);
  const folder = path.join(root, 'data', 'runs', `run-${run.id}`, 'preview');
  expect(fs.readdirSync(folder).sort()).toEqual(['latest.safetensors', ...[2, 4, 6, 8, 10, 12].map((s) => `pca-step-${String(s).padStart(8, '0')}.png`)]);
  const costs = [...log.matchAll(/preview at step (\d+): (\d+) ms/g)].map((m) => [Number(m[1]), Number(m[2])]);
  expect(costs.map(([step]) => step)).toEqual([2, 4, 6, 8, 10, 12]);
  console.log(`[runs] probe preview cost (tiny ViT, cpu backend): ${costs.map(([, ms]) => ms).join(', ')} ms`);
  const map = await call<SimilarityMap>(runtime, 'runs.previewSimilarity', { id: run.id, x: 0.9, y: 0.1 });
  expect(map).toMatchObject({ step: 12, rows: 4, cols: 4, row: 0, col: 3 });
  expect(map.values).toHaveLength(16);
  expect(map.values[3]).toBeCloseTo(1, 5);
  expect(Math.max(...map.values)).toBeLessThanOrEqual(1 + 1e-5);
}

async function sampled(runtime: Runtime, run: Run): Promise<void> {
  const sample = await call<RunSample>(runtime, 'runs.sample', { id: run.id, seed: 3 });
  expect(sample).toMatchObject({ runId: run.id, method: 'ace', source: { width: 128, height: 128 }, square: { x: 0, y: 0, width: 128, height: 128 }, imageSide: 64 });
  expect(sample.views.map((v) => v.tokens)).toEqual([4, 4]);
  for (const v of sample.views) {
    expect(v.box.x).toBeGreaterThanOrEqual(0);
    expect(v.box.y + v.box.height).toBeLessThanOrEqual(128);
  }
  // L spans 8 cells of 8 px at 64 px = 128 px of the 128-px cache, S half of that.
  expect([sample.views[0].box.width, sample.views[1].box.width]).toEqual([128, 64]);
  expect(sample.overlap).not.toBeNull();
  expect(sample.pairs.length).toBeGreaterThan(0);
  expect(await call<RunSample>(runtime, 'runs.sample', { id: run.id, seed: 3 })).toEqual(sample);
}

/** The export through the op and the CLI: timm-named teacher backbone equal to the checkpoint's, tfjs files and the card. */
async function exported(runtime: Runtime, run: Run, root: string, databasePath: string): Promise<void> {
  const out = path.join(root, 'export');
  const result = await call<RunExport>(runtime, 'runs.export', { id: run.id, out });
  expect(result).toMatchObject({ dir: out, weights: 'teacher', step: 12 });
  expect(result.files.map((f) => f.path)).toEqual(['model.safetensors', 'tfjs/model.json', 'tfjs/group1-shard1of1.bin', 'model-card.json']);
  const model = parseSafetensors(fs.readFileSync(path.join(out, 'model.safetensors')));
  const checkpoint = parseSafetensors(fs.readFileSync(path.join(root, 'data', 'runs', `run-${run.id}`, 'step-00000012.safetensors'))).tensors;
  expect(model.metadata).toMatchObject({ format: 'pt', method: 'ace', step: '12', weights: 'teacher' });
  expect(model.tensors.size).toBe(30);
  for (const [key, t] of model.tensors) expect(Array.from(t.data)).toEqual(Array.from(checkpoint.get(`teacher.backbone.${key}`)!.data));
  const tfjs = JSON.parse(fs.readFileSync(path.join(out, 'tfjs', 'model.json'), 'utf8'));
  expect(tfjs).toMatchObject({ format: 'cxr-vit-weights', modelTopology: { kind: 'vit', config: { embedDim: 32, depth: 2, imgSize: 32, patchSize: 8 } } });
  expect(tfjs.weightsManifest[0].weights.map((w: { name: string }) => w.name)).toEqual([...model.tensors.keys()]);
  const card = JSON.parse(fs.readFileSync(path.join(out, 'model-card.json'), 'utf8'));
  expect(card).toMatchObject({ method: 'ace', weights: 'teacher', runId: run.id, data: { images: 8, contentHash: run.dataHash, datasets: [{ id: run.datasetIds[0], name: 'Phantoms' }] } });
  expect(card.training).toMatchObject({ stepsDone: 12, stepsTotal: 12, checkpointStep: 12, seed: 7, backend: 'cpu (1 thread)', lastLosses: run.losses });
  await expect(call(runtime, 'runs.export', { id: run.id, out })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/is not empty/) });
  expect((await call<RunExport>(runtime, 'runs.export', { id: run.id, out, weights: 'student', force: true })).weights).toBe('student');
  await expect(call(runtime, 'runs.export', { id: run.id, out: 'relative/dir' })).rejects.toMatchObject({ code: 'invalid_input' });
  const lines: string[] = [];
  const code = await runCli(['runs', 'export', String(run.id), '--out', path.join(root, 'cli-export'), '--db', databasePath, '--data-dir', path.dirname(databasePath)], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
  expect(code, lines.join('\n')).toBe(0);
  expect(lines[0]).toMatch(new RegExp(`^Exported the teacher backbone of run ${run.id} at step 12 \\([\\d,]+ parameters\\)`));
  expect(fs.readdirSync(path.join(root, 'cli-export')).sort()).toEqual(['model-card.json', 'model.safetensors', 'tfjs']);
}

describe('pretraining runs', () => {
  it('trains in a child process and records every step, checkpoint and loss; previews, samples and exports it', async () => {
    const root = tempDir();
    const { runtime, datasetId, databasePath } = await withPhantoms(root);
    const created = await call<Run>(runtime, 'runs.create', { projectId: 1, datasetIds: [datasetId], settings: TINY });
    expect(created).toMatchObject({ method: 'ace', images: 8, stepsTotal: 12, status: expect.stringMatching(/queued|running/) });
    // Another process opening the database (the command line beside the app) must not take the live run for dead.
    const other = spawnSync(process.execPath, [path.resolve(__dirname, '../../../dist/main/cli.cjs'), 'runs', '--json', '--db', databasePath], { encoding: 'utf8' });
    expect(other.status, other.stderr).toBe(0);
    expect((JSON.parse(other.stdout) as Run[]).find((r) => r.id === created.id)?.status).toMatch(/queued|running/);
    // The trainer takes seconds to start: nothing to preview or export yet.
    expect(await call<RunPreview | null>(runtime, 'runs.preview', { id: created.id })).toBeNull();
    await expect(call(runtime, 'runs.export', { id: created.id, out: path.join(root, 'early') })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/has no checkpoint yet/) });
    const run = await until(runtime, created.id, (r) => r.status === 'finished' || r.status === 'failed');
    const log = await call<{ log: string }>(runtime, 'runs.log', { id: created.id });
    expect(run.status, `${run.error}\n${log.log}`).toBe('finished');
    expect(run).toMatchObject({ stepsDone: 12, checkpoints: 6, lastCheckpointStep: 12, backend: 'cpu (1 thread)' });
    expect(Object.keys(run.losses).sort()).toEqual(['comp', 'decomp', 'global', 'total']);
    const series = await call<MetricSeries[]>(runtime, 'runs.metrics', { id: created.id, names: ['loss/total', 'lr'] });
    expect(series.map((s) => s.name).sort()).toEqual(['loss/total', 'lr']);
    expect(series[0]!.steps).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    await previewed(runtime, run, root, log.log);
    await sampled(runtime, run);
    await exported(runtime, run, root, databasePath);
  });

  it.skipIf(!fs.existsSync('/proc/self/stat'))('survives SIGKILL of the training process: resumes from the last checkpoint with consistent metrics', async () => {
    const { runtime, datasetId } = await withPhantoms(tempDir());
    const created = await call<Run>(runtime, 'runs.create', { projectId: 1, datasetIds: [datasetId], settings: { ...TINY, checkpointEvery: 3 } });
    const mid = await until(runtime, created.id, (r) => r.stepsDone >= 4);
    // As a user would: find the training process (our child, not another test's) and kill -9 it.
    const pids = childPids('train-process');
    expect(pids).toHaveLength(1);
    process.kill(pids[0]!, 'SIGKILL');
    const killed = await until(runtime, created.id, (r) => r.status !== 'running');
    expect(killed.status).toBe('interrupted');
    expect(mid.stepsDone).toBeGreaterThanOrEqual(4);
    await call<Run>(runtime, 'runs.resume', { id: created.id });
    const done = await until(runtime, created.id, (r) => r.status === 'finished' || r.status === 'failed');
    expect(done.status).toBe('finished');
    const [total] = await call<MetricSeries[]>(runtime, 'runs.metrics', { id: created.id, names: ['loss/total'] });
    // One value per step, no gaps or repeats: steps after the checkpoint were rolled back and trained again.
    expect(total!.steps).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });
});

describe('pretraining from the command line', () => {
  it('Ctrl+C pauses the run at a checkpoint and says how to resume; --resume finishes it', async () => {
    const { databasePath } = await withPhantoms(tempDir());
    const tiny = ['--image-size', '64', '--cell-size', '8', '--crop-cells', '4', '--embed-dim', '32', '--depth', '2', '--heads', '2', '--head-dim', '64'];
    const schedule = ['--batch', '2', '--epochs', '3', '--warmup-epochs', '1', '--checkpoint-every', '2', '--seed', '7'];
    const common = ['--db', databasePath, '--data-dir', path.dirname(databasePath), '--backend', 'cpu'];
    const ctrlC = new AbortController();
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => /step [3-9]\//.test(l) && ctrlC.abort() };
    const code = await runCli(['pretrain', '--project', 'Default project', '--dataset', 'Phantoms', ...tiny, ...schedule, ...common], io, ctrlC.signal);
    expect(code, out.join('\n')).toBe(0);
    const [, id, step] = /^Run (\d+) paused at step (\d+)\/12; \d+ checkpoint\(s\)\. Resume with: npm run cli -- pretrain --resume \1$/.exec(out.at(-1) ?? '') ?? [];
    expect(Number(step), out.join('\n')).toBeGreaterThanOrEqual(3);
    const resumed: string[] = [];
    expect(await runCli(['pretrain', '--resume', id!, ...common], { out: (l) => resumed.push(l), err: () => {} })).toBe(0);
    expect(resumed.at(-1)).toMatch(new RegExp(`^Run ${id} finished at step 12/12; \\d+ checkpoint\\(s\\)\\.$`));
  });
});

describe('run records', () => {
  it('rejects settings the trainer cannot use as invalid input naming the field', async () => {
    const { runtime, datasetId } = await withPhantoms(tempDir());
    await expect(call(runtime, 'runs.create', { projectId: 1, datasetIds: [datasetId], settings: { ...TINY, batch: 3, microBatch: 2 } })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('settings'),
    });
  });

  it('a deleted run leaves no checkpoint for a later run that reuses its id', async () => {
    const root = tempDir();
    const { runtime, datasetId } = await withPhantoms(root);
    const first = await call<Run>(runtime, 'runs.create', { projectId: 1, datasetIds: [datasetId], settings: { ...TINY, epochs: 1 } });
    await until(runtime, first.id, (r) => r.status === 'finished');
    await call(runtime, 'runs.delete', { id: first.id });
    expect(fs.existsSync(path.join(root, 'data', 'runs', `run-${first.id}`))).toBe(false);
    const second = await call<Run>(runtime, 'runs.create', { projectId: 1, datasetIds: [datasetId], settings: { ...TINY, epochs: 1 } });
    expect(second.id).toBe(first.id);
    await until(runtime, second.id, (r) => r.status === 'finished');
    expect((await call<{ log: string }>(runtime, 'runs.log', { id: second.id })).log).not.toMatch(/resumed/);
  });
});
