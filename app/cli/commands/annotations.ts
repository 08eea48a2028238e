import fs from 'node:fs/promises';
import path from 'node:path';
import { detectFormat } from '../../annotations/formats';
import { ExportFormat, ImportFormat, type JsrtPick } from '../../api/schemas/annotations';
import { writeFileAtomic } from '../../util/atomic-file';
import { UsageError, printTable, type Command, type CommandContext } from '../command';

const USAGE = [
  'annotations export --project <p> --dataset <d> [--template <t>] --format csv|json|coco|mrk --out <file> [--annotator <name>]',
  '  | annotations import <file> --project <p> --dataset <d> [--template <t>] [--annotator <name>] [--format csv|json|coco|mrk|jsrt] [--dry-run] [--points RL:0=right_lung_apex,…]',
  '  | annotations templates --project <p>',
].join('\n');

function option(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.options[name];
  return typeof v === 'string' ? v : undefined;
}

function required(ctx: CommandContext, name: string): string {
  const v = option(ctx, name);
  if (v === undefined) throw new UsageError(`--${name} <${name}> is required.`);
  return v;
}

/** By name (ignoring case) or by id, with the existing names in the error. */
function pick<T extends { id: number; name: string }>(items: readonly T[], wanted: string, what: string): T {
  const found = items.find((i) => i.name.toLowerCase() === wanted.toLowerCase()) ?? items.find((i) => String(i.id) === wanted);
  if (!found) throw new Error(`No ${what} named "${wanted}". Existing: ${items.map((i) => `"${i.name}"`).join(', ') || 'none'}.`);
  return found;
}

async function projectAndDataset(ctx: CommandContext) {
  const project = pick(await ctx.call('projects.list', {}), required(ctx, 'project'), 'project');
  const dataset = pick(await ctx.call('datasets.list', { projectId: project.id }), required(ctx, 'dataset'), 'dataset');
  return { project, dataset };
}

function parsePoints(text: string): JsrtPick[] {
  return text.split(',').map((item) => {
    const m = /^\s*([A-Za-z]+)[:[](\d+)\]?\s*=\s*(\S+)\s*$/.exec(item);
    if (!m) throw new UsageError(`--points: "${item}" is not STRUCTURE:INDEX=landmark (e.g. RL:0=right_lung_apex).`);
    return { structure: m[1]!, index: Number(m[2]), landmark: m[3]! };
  });
}

async function exportCommand(ctx: CommandContext): Promise<void> {
  const { project, dataset } = await projectAndDataset(ctx);
  const format = ExportFormat.safeParse(required(ctx, 'format'));
  if (!format.success) throw new UsageError(`--format must be one of ${ExportFormat.options.join(', ')}.`);
  const out = required(ctx, 'out');
  const templates = await ctx.call('templates.list', { projectId: project.id });
  let template;
  const named = option(ctx, 'template');
  if (named !== undefined) template = pick(templates, named, 'template');
  else {
    // "The dataset's only template": the one template with annotations in this dataset.
    const used = [];
    for (const t of templates) if ((await ctx.call('annotations.annotators', { datasetId: dataset.id, templateId: t.id })).length > 0) used.push(t);
    if (used.length !== 1) {
      const names = (used.length ? used : templates).map((t) => `"${t.name}"`).join(', ');
      throw new UsageError(
        used.length === 0
          ? `Dataset "${dataset.name}" has no annotations with any template (templates: ${names}).`
          : `Dataset "${dataset.name}" is annotated with several templates (${names}); name one with --template.`,
      );
    }
    template = used[0]!;
  }
  const annotator = option(ctx, 'annotator');
  const file = await ctx.call('annotations.export', { datasetId: dataset.id, templateId: template.id, format: format.data, ...(annotator ? { annotator } : {}) });
  const target = path.resolve(out);
  await writeFileAtomic(target, file.content);
  if (ctx.json) ctx.io.out(JSON.stringify({ file: target, format: format.data, template: template.name, bytes: Buffer.byteLength(file.content) }, null, 2));
  else ctx.io.out(`Wrote ${format.data} export of "${dataset.name}" (template "${template.name}") to ${target}.`);
}

async function importCommand(ctx: CommandContext): Promise<void> {
  const source = ctx.positionals[1];
  if (!source) throw new UsageError('Give the file to import.');
  const { project, dataset } = await projectAndDataset(ctx);
  let content: string;
  try {
    content = await fs.readFile(source, 'utf8');
  } catch (err) {
    throw new Error(`Cannot read ${source}: ${(err as Error).message}`);
  }
  const explicit = option(ctx, 'format');
  let format;
  if (explicit !== undefined) {
    const f = ImportFormat.safeParse(explicit);
    if (!f.success) throw new UsageError(`--format must be one of ${ImportFormat.options.join(', ')}.`);
    format = f.data;
  } else {
    format = detectFormat(source, content);
    if (format === null) throw new UsageError(`Cannot tell the format of ${source}; give --format ${ImportFormat.options.join('|')}.`);
  }
  const named = option(ctx, 'template');
  const templateId = named === undefined ? undefined : pick(await ctx.call('templates.list', { projectId: project.id }), named, 'template').id;
  const annotator = option(ctx, 'annotator');
  const points = option(ctx, 'points');
  const dryRun = ctx.options['dry-run'] === true;
  const stem = path.basename(source).replace(/(\.mrk|\.coco|\.landmarks)?\.(json|csv)$/i, '');
  const report = await ctx.call('annotations.import', {
    datasetId: dataset.id,
    format,
    content,
    dryRun,
    ...(templateId !== undefined ? { templateId } : { templateName: stem || 'Imported landmarks' }),
    ...(annotator ? { annotator } : {}),
    ...(points ? { jsrtPoints: parsePoints(points) } : {}),
  });
  if (ctx.json) {
    ctx.io.out(JSON.stringify(report, null, 2));
    return;
  }
  if (dryRun) ctx.io.out('Dry run: nothing was written.');
  for (const line of report.messages) ctx.io.out(line);
}

export const annotationsCommand: Command = {
  name: 'annotations',
  usage: USAGE,
  summary:
    'Export and import landmark annotations (CSV, JSON, COCO keypoints, 3D Slicer .mrk.json; JSRT-dev contours, whose --points pick contour indices); list templates. Without --template, import makes a template from the file and export uses the dataset\'s only template.',
  async run(ctx) {
    const [sub] = ctx.positionals;
    switch (sub) {
      case 'export':
        return exportCommand(ctx);
      case 'import':
        return importCommand(ctx);
      case 'templates': {
        const project = pick(await ctx.call('projects.list', {}), required(ctx, 'project'), 'project');
        const templates = await ctx.call('templates.list', { projectId: project.id });
        if (ctx.json) ctx.io.out(JSON.stringify(templates, null, 2));
        else printTable(ctx.io, templates.map((t) => ({ ...t, points: t.points.length })), ['id', 'name', 'points', 'annotationCount', 'revision', 'updatedAt']);
        return;
      }
      default:
        throw new UsageError(sub ? `Unknown annotations subcommand "${sub}".` : 'Give a subcommand: export, import or templates.');
    }
  },
};
