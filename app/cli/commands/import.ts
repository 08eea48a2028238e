import { findDataset } from '../../datasets/datasets';
import { UsageError, formatProgress, type Command } from '../command';
import type { ImportSummary } from '../../api/contract';

export const importCommand: Command = {
  name: 'import',
  usage: 'import <path…> --project <name> [--dataset <name>]',
  summary: 'Import DICOM/PNG/JPEG/TIFF files and folders (recursively) into a dataset, creating it if needed.',
  async run(ctx) {
    const paths = ctx.positionals;
    if (paths.length === 0) throw new UsageError('Give at least one file or folder to import.');
    const projectName = ctx.options.project;
    if (typeof projectName !== 'string') throw new UsageError('--project <name> is required.');
    const projects = await ctx.call('projects.list', {});
    const project = projects.find((p) => p.name.toLowerCase() === projectName.toLowerCase());
    if (!project) throw new Error(`No project named "${projectName}". Existing: ${projects.map((p) => `"${p.name}"`).join(', ')}.`);
    const datasetName = typeof ctx.options.dataset === 'string' ? ctx.options.dataset : 'Imported';
    const dataset = findDataset(ctx.runtime.store.db, project.id, datasetName) ?? (await ctx.call('datasets.create', { projectId: project.id, name: datasetName }));
    const job = await ctx.call('imports.start', { datasetId: dataset.id, paths: [...paths] });
    const onCancel = () => void ctx.call('jobs.cancel', { id: job.id });
    ctx.signal.addEventListener('abort', onCancel, { once: true });
    const ended = await ctx.call('jobs.watch', { id: job.id }, (p) => ctx.io.err(`import ${formatProgress(p)}`));
    if (ended.state === 'failed') throw new Error(ended.error?.message ?? 'import failed');
    if (ended.state === 'cancelled' && !ended.result) throw new Error('import cancelled');
    const summary = ended.result as ImportSummary;
    if (ctx.json) {
      ctx.io.out(JSON.stringify(summary, null, 2));
      return;
    }
    ctx.io.out(
      `${summary.status === 'cancelled' ? 'Cancelled' : 'Done'} in ${summary.seconds.toFixed(1)} s (${summary.imagesPerSecond.toFixed(1)} images/s) into "${project.name}" / "${dataset.name}":`,
    );
    ctx.io.out(`  found ${summary.found}, imported ${summary.imported}, duplicates ${summary.duplicates}, no image ${summary.noImage}, failed ${summary.failed}, already in ${summary.skipped}, not images ${summary.ignored}`);
    for (const f of summary.failures) ctx.io.out(`  failed: ${f.path}: ${f.reason}`);
  },
};
