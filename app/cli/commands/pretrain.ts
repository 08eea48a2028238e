import type { Run, RunSettings } from '../../api/schemas/runs';
import { findDataset } from '../../datasets/datasets';
import { UsageError, type Command, type CommandContext } from '../command';

const ACTIVE = new Set(['queued', 'running']);

function num(ctx: CommandContext, name: string, fallback: number): number {
  const raw = ctx.options[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new UsageError(`--${name} must be a number, got "${String(raw)}".`);
  return value;
}

function optionalNum(ctx: CommandContext, name: string): number | undefined {
  return ctx.options[name] === undefined ? undefined : num(ctx, name, 0);
}

function str(ctx: CommandContext, name: string, fallback: string): string {
  const raw = ctx.options[name];
  return typeof raw === 'string' ? raw : fallback;
}

async function settingsFrom(ctx: CommandContext): Promise<{ projectId: number; datasetIds: number[]; settings: RunSettings }> {
  const projectName = ctx.options.project;
  const datasetName = ctx.options.dataset;
  if (typeof projectName !== 'string' || typeof datasetName !== 'string') throw new UsageError('--project <name> and --dataset <name> are required.');
  const project = (await ctx.call('projects.list', {})).find((p) => p.name.toLowerCase() === projectName.toLowerCase());
  if (!project) throw new Error(`No project named "${projectName}".`);
  const dataset = findDataset(ctx.runtime.store.db, project.id, datasetName);
  if (!dataset) throw new Error(`Project "${project.name}" has no dataset named "${datasetName}".`);
  const steps = ctx.options.steps === undefined ? undefined : num(ctx, 'steps', 0);
  return {
    projectId: project.id,
    datasetIds: [dataset.id],
    settings: {
      method: str(ctx, 'method', 'ace') as RunSettings['method'],
      backbone: str(ctx, 'backbone', 'vit-t16'),
      imageSize: num(ctx, 'image-size', 512),
      batch: num(ctx, 'batch', 8),
      microBatch: num(ctx, 'micro-batch', 1),
      epochs: num(ctx, 'epochs', 100),
      maxSteps: steps,
      lr: num(ctx, 'lr', 5e-4),
      warmupEpochs: num(ctx, 'warmup-epochs', 10),
      checkpointEvery: num(ctx, 'checkpoint-every', 50),
      seed: num(ctx, 'seed', 0),
      dinoOutDim: optionalNum(ctx, 'head-dim'),
      cellSize: optionalNum(ctx, 'cell-size'),
      cropCells: optionalNum(ctx, 'crop-cells'),
      embedDim: optionalNum(ctx, 'embed-dim'),
      depth: optionalNum(ctx, 'depth'),
      numHeads: optionalNum(ctx, 'heads'),
    },
  };
}

function progressLine(run: Run, rate: number): string {
  const eta = rate > 0 ? `, ETA ${Math.round((run.stepsTotal - run.stepsDone) / rate)} s` : '';
  const losses = Object.entries(run.losses)
    .map(([k, v]) => `${k}=${v.toFixed(4)}`)
    .join(' ');
  return `run ${run.id} ${run.status} step ${run.stepsDone}/${run.stepsTotal} (${rate.toFixed(3)} steps/s${eta}) ${losses}`;
}

export const pretrainCommand: Command = {
  name: 'pretrain',
  usage:
    'pretrain --project <p> --dataset <d> [--method ace|peac|peac-1|dino|barlow] [--backbone vit-t16] [--image-size 512] [--steps N] [--epochs N] [--batch N] [--micro-batch N] [--lr X] [--checkpoint-every N] [--seed N] [--head-dim N] [--cell-size N --crop-cells N --embed-dim N --depth N --heads N] | pretrain --resume <run-id>',
  summary: 'Pretrain a ViT on a dataset in a training process; Ctrl+C pauses at a checkpoint (resume with --resume).',
  async run(ctx) {
    let run: Run;
    if (ctx.options.resume !== undefined) {
      const id = Number(ctx.options.resume);
      if (!Number.isInteger(id) || id <= 0) throw new UsageError('--resume takes a run id.');
      run = await ctx.call('runs.resume', { id });
    } else {
      const { projectId, datasetIds, settings } = await settingsFrom(ctx);
      run = await ctx.call('runs.create', { projectId, datasetIds, settings });
    }
    // Ctrl+C pauses: the run checkpoints, and this loop waits for it and reports where it stopped.
    ctx.signal.addEventListener('abort', () => void ctx.callUncancelled('runs.pause', { id: run.id }).catch(() => undefined), { once: true });
    let last = { step: run.stepsDone, at: performance.now() };
    let rate = 0;
    while (ACTIVE.has(run.status)) {
      await new Promise((r) => setTimeout(r, 1000));
      run = await ctx.callUncancelled('runs.get', { id: run.id });
      const now = performance.now();
      if (run.stepsDone > last.step) {
        rate = (run.stepsDone - last.step) / ((now - last.at) / 1000);
        last = { step: run.stepsDone, at: now };
      }
      ctx.io.err(progressLine(run, rate));
    }
    if (ctx.json) ctx.io.out(JSON.stringify(run, null, 2));
    else {
      const resumable = run.status === 'paused' || run.status === 'interrupted';
      ctx.io.out(`Run ${run.id} ${run.status} at step ${run.stepsDone}/${run.stepsTotal}; ${run.checkpoints} checkpoint(s).${resumable ? ` Resume with: npm run cli -- pretrain --resume ${run.id}` : ''}`);
    }
    if (run.status === 'failed') throw new Error(run.error ?? 'training failed');
  },
};
