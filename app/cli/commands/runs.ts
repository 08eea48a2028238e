import path from 'node:path';
import type { Run } from '../../api/schemas/runs';
import { ExportWeights } from '../../api/schemas/runs';
import { UsageError, printTable, type Command, type CommandContext } from '../command';

function lossText(run: Run): string {
  return Object.entries(run.losses)
    .map(([k, v]) => `${k} ${v.toFixed(4)}`)
    .join(', ');
}

async function list(ctx: CommandContext): Promise<void> {
  let projectId: number | undefined;
  if (typeof ctx.options.project === 'string') {
    const name = ctx.options.project.toLowerCase();
    const project = (await ctx.call('projects.list', {})).find((p) => p.name.toLowerCase() === name);
    if (!project) throw new Error(`No project named "${ctx.options.project}".`);
    projectId = project.id;
  }
  const runs = await ctx.call('runs.list', { projectId });
  if (ctx.json) {
    ctx.io.out(JSON.stringify(runs, null, 2));
    return;
  }
  printTable(
    ctx.io,
    runs.map((r) => ({ ...r, steps: `${r.stepsDone}/${r.stepsTotal}`, losses: lossText(r), backend: r.backend ?? '' })),
    ['id', 'name', 'status', 'method', 'steps', 'losses', 'checkpoints', 'backend'],
  );
}

async function exportCheckpoint(ctx: CommandContext): Promise<void> {
  const raw = ctx.positionals[1];
  const id = Number(raw);
  if (!raw || !Number.isInteger(id) || id <= 0) throw new UsageError(`Expected a run id (a positive integer), got "${raw ?? ''}".`);
  if (typeof ctx.options.out !== 'string') throw new UsageError('Choose the output folder with --out <dir>.');
  const weights = ExportWeights.optional().safeParse(ctx.options.weights);
  if (!weights.success) throw new UsageError(`--weights must be teacher or student, not "${String(ctx.options.weights)}".`);
  const result = await ctx.call('runs.export', { id, out: path.resolve(ctx.options.out), weights: weights.data, force: ctx.options.force === true });
  if (ctx.json) {
    ctx.io.out(JSON.stringify(result, null, 2));
    return;
  }
  ctx.io.out(`Exported the ${result.weights} backbone of run ${id} at step ${result.step} (${result.parameters.toLocaleString('en-US')} parameters) to ${result.dir}:`);
  for (const f of result.files) ctx.io.out(`  ${f.path}  ${f.bytes.toLocaleString('en-US')} bytes`);
}

export const runsCommand: Command = {
  name: 'runs',
  usage: 'runs [list] [--project <name>] [--json] | runs export <run-id> --out <dir> [--weights teacher|student] [--force]',
  summary: 'List pretraining runs (status, progress, last losses, checkpoints), or export a run’s backbone (safetensors, TensorFlow.js, model card).',
  async run(ctx) {
    const [sub = 'list'] = ctx.positionals;
    if (sub === 'list') return list(ctx);
    if (sub === 'export') return exportCheckpoint(ctx);
    throw new UsageError(`Unknown runs subcommand "${sub}".`);
  },
};
