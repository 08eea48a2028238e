import { UsageError, printTable, type Command, type CommandContext } from '../command';

function idArg(ctx: CommandContext, index: number): number {
  const raw = ctx.positionals[index];
  const id = Number(raw);
  if (!raw || !Number.isInteger(id) || id <= 0) throw new UsageError(`Expected a project id (a positive integer), got "${raw ?? ''}".`);
  return id;
}

function nameArg(ctx: CommandContext, index: number): string {
  const name = ctx.positionals[index];
  if (name === undefined) throw new UsageError('Expected a project name.');
  return name;
}

export const projectsCommand: Command = {
  name: 'projects',
  usage: 'projects list | create <name> [--description <text>] | rename <id> <name> | delete <id>',
  summary: 'List, create, rename and delete projects.',
  async run(ctx) {
    const [sub = 'list'] = ctx.positionals;
    const show = (value: unknown, text: () => void) => (ctx.json ? ctx.io.out(JSON.stringify(value, null, 2)) : text());
    switch (sub) {
      case 'list': {
        const projects = await ctx.call('projects.list', {});
        show(projects, () => printTable(ctx.io, projects, ['id', 'name', 'datasetCount', 'imageCount', 'runCount', 'createdAt']));
        return;
      }
      case 'create': {
        const description = typeof ctx.options.description === 'string' ? ctx.options.description : '';
        const project = await ctx.call('projects.create', { name: nameArg(ctx, 1), description });
        show(project, () => ctx.io.out(`Created project ${project.id} "${project.name}".`));
        return;
      }
      case 'rename': {
        const project = await ctx.call('projects.rename', { id: idArg(ctx, 1), name: nameArg(ctx, 2) });
        show(project, () => ctx.io.out(`Project ${project.id} is now "${project.name}".`));
        return;
      }
      case 'delete': {
        const id = idArg(ctx, 1);
        const result = await ctx.call('projects.delete', { id });
        show(result, () => ctx.io.out(`Deleted project ${id}.`));
        return;
      }
      default:
        throw new UsageError(`Unknown projects subcommand "${sub}".`);
    }
  },
};
