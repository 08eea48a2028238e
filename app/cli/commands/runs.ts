import type { Run } from '../../api/schemas/runs';
import { printTable, type Command } from '../command';

function lossText(run: Run): string {
  return Object.entries(run.losses)
    .map(([k, v]) => `${k} ${v.toFixed(4)}`)
    .join(', ');
}

export const runsCommand: Command = {
  name: 'runs',
  usage: 'runs [--project <name>] [--json]',
  summary: 'List pretraining runs with status, progress, last losses and checkpoints.',
  async run(ctx) {
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
  },
};
