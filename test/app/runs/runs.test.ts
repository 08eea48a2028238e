import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportSummary, JobSummary } from '../../../app/api/contract';
import type { MetricSeries, Run, RunSettings } from '../../../app/api/schemas/runs';
import { generateSampleSet } from '../../../app/phantom';
import { createRuntime, type Runtime } from '../../../app/runtime';
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

describe('pretraining runs', () => {
  it('trains in a child process and records every step, checkpoint and loss', async () => {
    const { runtime, datasetId } = await withPhantoms(tempDir());
    const created = await call<Run>(runtime, 'runs.create', { projectId: 1, datasetIds: [datasetId], settings: TINY });
    expect(created).toMatchObject({ method: 'ace', images: 8, stepsTotal: 12, status: expect.stringMatching(/queued|running/) });
    const run = await until(runtime, created.id, (r) => r.status === 'finished' || r.status === 'failed');
    const log = await call<{ log: string }>(runtime, 'runs.log', { id: created.id });
    expect(run.status, `${run.error}\n${log.log}`).toBe('finished');
    expect(run).toMatchObject({ stepsDone: 12, checkpoints: 6, lastCheckpointStep: 12, backend: 'cpu (1 thread)' });
    expect(Object.keys(run.losses).sort()).toEqual(['comp', 'decomp', 'global', 'total']);
    const series = await call<MetricSeries[]>(runtime, 'runs.metrics', { id: created.id, names: ['loss/total', 'lr'] });
    expect(series.map((s) => s.name).sort()).toEqual(['loss/total', 'lr']);
    expect(series[0]!.steps).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
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
