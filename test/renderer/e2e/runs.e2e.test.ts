import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportSummary, JobSummary } from '../../../app/api/contract';
import { generateSampleSet } from '../../../app/phantom';
import { useTestBed, type Studio } from './harness';
import { RunsPage } from './pages/RunsPage';
import { StudioApp } from './pages/StudioApp';
import { TrainPage, type RunFormValues } from './pages/TrainPage';

/**
 * The TINY settings of test/app/runs/runs.test.ts, typed into the form (the grid and backbone through the Advanced
 * fields): 64-px images of 8-px cells, 4-cell crops, a 2-block ViT of width 32; a run trains in well under a second per step.
 * Runs use the host's detected backend: wasm here, about 4× faster than the cpu backend for this model.
 */
const TINY: RunFormValues = {
  imageSize: 64,
  batch: 2,
  microBatch: 1,
  warmupEpochs: 1,
  checkpointEvery: 5,
  headSize: 64,
  cellSize: 8,
  cropCells: 4,
  embedDim: 32,
  depth: 2,
  numHeads: 2,
};

/** A dataset of 8 phantom radiographs cached at 128 px, imported through the API as a user's import would. */
async function phantomDataset(studio: Studio, dir: string): Promise<void> {
  const ctx = () => ({ signal: new AbortController().signal, progress: () => {} });
  const src = path.join(dir, 'phantoms');
  await generateSampleSet({ count: 8, seed: 3, size: 128, dir: src });
  const dataset = (await studio.runtime.dispatcher.call('datasets.create', { projectId: 1, name: 'Phantoms', settings: { longSide: 128 } }, ctx())) as { id: number };
  const job = (await studio.runtime.dispatcher.call('imports.start', { datasetId: dataset.id, paths: [src] }, ctx())) as JobSummary;
  const ended = (await studio.runtime.dispatcher.call('jobs.watch', { id: job.id }, ctx())) as JobSummary;
  expect((ended.result as ImportSummary).imported).toBe(8);
}

const SLOW = { timeout: 60_000, interval: 250 };

describe('Train and Runs pages in Chromium against the web host', () => {
  const testBed = useTestBed();

  it('starts a run from the form, watches it live, pauses, resumes and stops it, then compares two runs', { timeout: 180_000 }, async () => {
    const studio = await testBed().startStudio();
    await phantomDataset(studio, testBed().dir);
    const app = await new StudioApp(await testBed().openPage(studio)).ready();
    await app.goTo('Train');
    const train = new TrainPage(app.page);
    await train.form.waitFor();

    // Defaults for the CPU-class backend: ViT-T/16 on 224-px crops of 512-px images; the only dataset is preselected.
    expect(await train.field('imageSize').inputValue()).toBe('512');
    expect(await train.form.getByLabel('Backbone').inputValue()).toBe('vit-t16');
    // (8 images do not fill one default batch of 16: no epoch yet, only the time per step.)
    await expect.poll(() => train.estimate(), SLOW).toMatch(/^≈ [\d.]+ (ms|s|min \d+ s|h \d+ min) per step$/);

    // Validation next to the fields, before anything reaches the host.
    await train.selectDataset('Phantoms');
    await train.fill({ ...TINY, batch: 3, microBatch: 2, maxSteps: 150, cellSize: 7 });
    await train.submit();
    expect(await train.errorFor('microBatch')).toBe('The batch (3) must be a multiple of the micro-batch.');
    expect(await train.errorFor('cellSize')).toBe('Cell size must be even (the large crop is halved).');
    expect(await train.formError()).toMatch(/Some fields need attention/);
    expect(await train.monitor.root.count()).toBe(0);

    // Run 1: TINY for up to 150 steps; the estimate follows the form.
    await train.fill({ ...TINY, name: 'Tiny ACE seed 7', maxSteps: 150, seed: 7, lr: '0.0005' });
    expect(await train.errorFor('microBatch')).toBeNull();
    expect(await train.estimate()).toMatch(/per epoch \(4 steps\) · .* for 150 steps$/);
    const first = await train.start();
    expect(first).toBe('Tiny ACE seed 7');
    const monitor = train.monitor;
    expect(['queued', 'running']).toContain(await monitor.status());

    // The charts move: points arrive every poll, for every loss term and the schedules.
    await expect.poll(() => monitor.points('loss/total'), SLOW).toBeGreaterThanOrEqual(3);
    const early = await monitor.points('loss/total');
    await expect.poll(() => monitor.points('loss/total'), SLOW).toBeGreaterThan(early + 2);
    expect(await monitor.chartTitles()).toEqual(
      expect.arrayContaining(['Loss: total', 'Loss: global', 'Loss: comp', 'Loss: decomp', 'Learning rate', 'Weight decay', 'Teacher momentum', 'Teacher temperature', 'Throughput (images/s)', 'Memory (RSS) (MB)']),
    );
    // A failed run names its error here, so that a failure is diagnosable from the test log alone.
    const status = await monitor.status();
    expect(status === 'running' ? status : `${status}: ${await monitor.error.textContent()}`).toBe('running');
    expect(await monitor.stat('backend')).toMatch(/^(wasm|cpu|tensorflow)/);
    expect(await monitor.stat('memory')).toMatch(/^[\d,]+ MB$/);
    expect(await monitor.stat('throughput')).toMatch(/^[\d.]+$/);
    expect(await monitor.stat('epoch')).toMatch(/^\d+ \/ 38$/);
    expect(await monitor.stat('eta')).toMatch(/\d+ (s|min)/);
    expect((await monitor.steps())[1]).toBe(150);
    expect(await monitor.hover('loss/total')).toMatch(/^step \d+ · [\d.e-]+ \(EMA [\d.e-]+\) · \d\d:\d\d:\d\d$/);
    // The hover crosshair is shared: the learning-rate chart reads out the same step.
    const [lossReadout, lrReadout] = await monitor.readouts(['loss/total', 'lr']);
    expect(lrReadout!.split(' · ')[0]).toBe(lossReadout!.split(' · ')[0]);
    await monitor.setSmoothing(0);
    expect(await monitor.hover('loss/total')).toMatch(/^step \d+ · [\d.e-]+ · \d\d:\d\d:\d\d$/);
    await monitor.setLogScale(true);
    await monitor.setLogScale(false);
    await monitor.setSmoothing(0.6);
    await app.page.mouse.move(5, 5);
    await app.page.screenshot({ path: '/tmp/e2e-train-running.png' });
    // The probe preview follows the checkpoints (every 5 steps).
    await expect.poll(() => monitor.previewStep(), SLOW).toBeGreaterThanOrEqual(5);
    const firstPreview = (await monitor.previewStep())!;

    // Pause: the trainer checkpoints and exits; the curves stop.
    await monitor.pause();
    await expect.poll(() => monitor.status(), SLOW).toBe('paused');
    // The charts hold every step up to the pause checkpoint.
    await expect.poll(async () => (await monitor.points('loss/total')) - (await monitor.steps())[0], SLOW).toBe(0);
    const pausedAt = await monitor.points('loss/total');
    expect(await monitor.button('Resume').isEnabled()).toBe(true);
    await app.page.waitForTimeout(1500);
    expect(await monitor.points('loss/total')).toBe(pausedAt);

    // Resume from the checkpoint: the same curves go on.
    await monitor.resume();
    await expect.poll(() => monitor.status(), SLOW).toBe('running');
    await expect.poll(() => monitor.points('loss/total'), SLOW).toBeGreaterThan(pausedAt + 2);
    await expect.poll(() => monitor.previewStep(), SLOW).toBeGreaterThan(firstPreview);

    // Stop (confirmed): checkpoint and finish early.
    await monitor.stop();
    await expect.poll(() => monitor.status(), SLOW).toBe('finished');
    const [stoppedAt, total] = await monitor.steps();
    expect(stoppedAt).toBeGreaterThan(pausedAt);
    expect(stoppedAt).toBeLessThan(total);
    await expect.poll(() => monitor.points('loss/total'), SLOW).toBe(stoppedAt);
    expect(await monitor.button('Pause').count()).toBe(0);

    // The Runs list has it.
    await app.goTo('Runs');
    const runs = new RunsPage(app.page);
    await runs.row(first).waitFor();
    expect(await runs.status(first)).toBe('finished');
    expect(await runs.cell(first, 'method')).toBe('ACE');
    expect(await runs.cell(first, 'steps')).toBe(`${stoppedAt} / 150`);
    expect(await runs.cell(first, 'losses')).toMatch(/^total [\d.]+/);
    expect(Number(await runs.cell(first, 'checkpoints'))).toBeGreaterThanOrEqual(2);

    // What the model sees, on the finished run: the last probe preview, the similarity map of a clicked point, a
    // training sample's crops; and the export of its teacher backbone.
    const done = await runs.open(first);
    await expect.poll(() => done.previewStep(), SLOW).toBeGreaterThanOrEqual(firstPreview);
    expect((await done.previewStep())! % 5).toBe(0);
    await expect.poll(() => done.pcaColumns(), SLOW).toBe(4);
    expect(await done.similarityToken()).toBeNull();
    await done.clickProbe(0.3, 0.6);
    await expect.poll(() => done.similarityToken(), SLOW).toBe('2,1');
    await expect.poll(() => done.samplePairs(), SLOW).toBeGreaterThan(0);
    expect(await done.sample.getByRole('img').count()).toBe(3);
    await done.sees.scrollIntoViewIfNeeded();
    await app.page.screenshot({ path: '/tmp/e2e-runs-sees.png' });
    const exportDir = path.join(testBed().dir, 'export');
    const exportDialog = await done.exportTo(exportDir);
    expect(await exportDialog.getByRole('status').textContent()).toMatch(/^Exported the teacher backbone at step \d+ \([\d,]+ parameters\) to .*export\./);
    expect(fs.readdirSync(exportDir).sort()).toEqual(['model-card.json', 'model.safetensors', 'tfjs']);
    // Again into the same folder: refused until replacing is allowed.
    await exportDialog.getByRole('button', { name: 'Export', exact: true }).click();
    await expect.poll(() => exportDialog.locator('.form-error').textContent()).toMatch(/is not empty/);
    await exportDialog.getByRole('button', { name: 'Close' }).click();
    await exportDialog.waitFor({ state: 'hidden' });

    // Run 2: another seed and learning rate, 40 steps.
    await app.goTo('Train');
    await train.form.waitFor();
    await train.fill({ ...TINY, name: 'Tiny ACE seed 8', maxSteps: 40, seed: 8, lr: '0.001' });
    const second = await train.start();
    expect(second).toBe('Tiny ACE seed 8');
    await expect.poll(() => monitor.status(), SLOW).toBe('running');

    // Deleting a training run is refused with the host's reason.
    await app.goTo('Runs');
    await runs.row(second).waitFor();
    const refused = await runs.requestDelete(second);
    await expect.poll(() => refused.locator('.form-error').textContent()).toMatch(/is running; stop it before deleting it/);
    await refused.getByRole('button', { name: 'Cancel' }).click();
    await refused.waitFor({ state: 'hidden' });

    // Filters.
    await runs.filter('Status', 'Finished');
    expect(await runs.names()).toEqual([first]);
    await runs.filter('Status', 'All');
    await runs.filter('Method', 'ACE');
    expect(await runs.names()).toEqual([second, first]);

    // Opened from the list, the second run's monitor is live too; stop it there.
    const opened = await runs.open(second);
    await expect.poll(() => opened.points('loss/total'), SLOW).toBeGreaterThanOrEqual(5);
    await opened.stop();
    await expect.poll(() => opened.status(), SLOW).toBe('finished');
    const [secondSteps] = await opened.steps();
    await expect.poll(() => runs.status(second), SLOW).toBe('finished');

    // Compare: both curves overlaid, and the differing settings highlighted.
    await runs.select(first);
    await runs.select(second);
    const compare = await runs.compareSelected();
    await expect.poll(async () => (await compare.curves()).map((c) => c.name), SLOW).toEqual([second, first]);
    await expect.poll(async () => (await compare.curves()).every((c) => c.points >= 5), SLOW).toBe(true);
    expect((await compare.curves()).map((c) => c.points)).toEqual([secondSteps, stoppedAt]);
    const diff = await compare.differences();
    expect(diff.seed).toEqual(['8', '7']);
    expect(diff.lr).toEqual(['0.001', '0.0005']);
    expect(diff.maxSteps).toEqual(['40', '150']);
    expect(diff.method).toBeUndefined();
    await compare.onlyDifferences(true);
    expect(await compare.rowCount()).toBe(Object.keys(diff).length);
    await compare.chooseMetric('Learning rate');
    await expect.poll(async () => (await compare.curves()).every((c) => c.points >= 5), SLOW).toBe(true);
    await compare.root.scrollIntoViewIfNeeded();
    await app.page.screenshot({ path: '/tmp/e2e-runs-compare.png' });

    // Once finished, the second run can be deleted.
    const dialog = await runs.requestDelete(second);
    await dialog.waitFor({ state: 'hidden' });
    await runs.row(second).waitFor({ state: 'detached' });
    expect(await runs.names()).toEqual([first]);
    await expect.poll(() => app.page.getByRole('status').filter({ hasText: 'Deleted run' }).textContent()).toBe(`Deleted run “${second}”.`);

    // A run that fails in the trainer (here: an image size off the cell grid, which only the form checks) shows its
    // error and the tail of its log.
    const ctx = () => ({ signal: new AbortController().signal, progress: () => {} });
    const datasets = (await studio.runtime.dispatcher.call('datasets.list', { projectId: 1 }, ctx())) as { id: number }[];
    const settings = { method: 'ace', backbone: 'vit-t16', imageSize: 68, cellSize: 8, cropCells: 4, embedDim: 32, depth: 2, numHeads: 2, dinoOutDim: 64, batch: 2, microBatch: 1, epochs: 2, lr: 5e-4, warmupEpochs: 1, checkpointEvery: 5, seed: 1 };
    const broken = (await studio.runtime.dispatcher.call('runs.create', { projectId: 1, datasetIds: [datasets[0]!.id], name: 'Broken grid', settings }, ctx())) as { id: number };
    await expect
      .poll(async () => ((await studio.runtime.dispatcher.call('runs.get', { id: broken.id }, ctx())) as { status: string }).status, SLOW)
      .toBe('failed');
    await app.goTo('Train');
    await app.goTo('Runs');
    const failed = await runs.open('Broken grid');
    expect(await failed.status()).toBe('failed');
    expect(await failed.error.textContent()).toMatch(/^Training failed: .*imageSize 68 is not a multiple of cellSize 8/);
    await expect.poll(() => failed.log.textContent(), SLOW).toMatch(/RangeError/);
    expect(await failed.button('Resume').isEnabled()).toBe(true);
    await failed.root.scrollIntoViewIfNeeded();
    await app.page.screenshot({ path: '/tmp/e2e-runs-failed.png' });

    expect(testBed().pageErrors).toEqual([]);
  });
});
