import type { Locator, Page } from 'playwright-core';
import { textOf } from './base';

export type RunStatusValue = 'queued' | 'running' | 'paused' | 'finished' | 'failed' | 'interrupted';

/** A run's live monitor (on the Train page, or opened from the Runs list): status, controls, progress and charts. */
export class RunMonitor {
  readonly root: Locator;

  constructor(
    readonly page: Page,
    within: Locator | Page = page,
  ) {
    this.root = within.getByRole('region', { name: /^Run monitor: / });
  }

  async runName(): Promise<string> {
    return textOf(this.root.locator('.monitor-title'));
  }

  async status(): Promise<RunStatusValue> {
    return (await this.root.locator('.monitor-head').getByTestId('run-status').getAttribute('data-status')) as RunStatusValue;
  }

  /** A progress figure by its label: 'step', 'epoch', 'throughput', 'eta', 'elapsed', 'backend', 'memory', 'checkpoints'. */
  async stat(name: string): Promise<string> {
    return textOf(this.root.getByTestId(`stat-${name}`).locator('dd'));
  }

  /** [done, total] from "12 / 40". */
  async steps(): Promise<[number, number]> {
    const m = /^([\d,]+) \/ ([\d,]+)$/.exec(await this.stat('step'));
    return m ? [Number(m[1]!.replace(/,/g, '')), Number(m[2]!.replace(/,/g, ''))] : [-1, -1];
  }

  chart(metric: string): Locator {
    return this.root.locator(`figure[data-metric="${metric}"]`);
  }

  async chartTitles(): Promise<string[]> {
    return (await this.root.locator('.chart-title').allTextContents()).map((s) => s.trim());
  }

  /** Points the chart of `metric` holds (0 before it exists). */
  async points(metric: string): Promise<number> {
    const chart = this.chart(metric);
    if ((await chart.count()) === 0) return 0;
    return Number(await chart.getAttribute('data-points'));
  }

  /** Moves the pointer over the middle of a chart and returns its readout (step · value · wall time). */
  async hover(metric: string): Promise<string> {
    const plot = this.chart(metric).locator('.u-over');
    await plot.hover({ position: { x: Math.round(((await plot.boundingBox())?.width ?? 100) / 2), y: 20 } });
    return textOf(this.chart(metric).getByTestId('chart-readout'));
  }

  async readout(metric: string): Promise<string> {
    return textOf(this.chart(metric).getByTestId('chart-readout'));
  }

  /** Several readouts read at once (no poll can land in between). */
  async readouts(metrics: readonly string[]): Promise<string[]> {
    return this.root.evaluate(
      (el, names) => names.map((n) => el.querySelector(`figure[data-metric="${n}"] [data-testid="chart-readout"]`)?.textContent?.trim() ?? ''),
      metrics,
    );
  }

  async setSmoothing(value: number): Promise<void> {
    await this.root.getByLabel('Smoothing').fill(String(value));
  }

  async setLogScale(on: boolean): Promise<void> {
    await this.root.getByLabel('Log scale').setChecked(on);
  }

  button(name: string): Locator {
    return this.root.locator('.run-controls').getByRole('button', { name, exact: true });
  }

  async pause(): Promise<void> {
    await this.button('Pause').click();
  }

  async resume(): Promise<void> {
    await this.button('Resume').click();
  }

  /** Stop asks first: confirms in the dialog. */
  async stop(): Promise<void> {
    await this.button('Stop').click();
    const dialog = this.page.getByRole('dialog', { name: /^Stop run “/ });
    await dialog.getByRole('button', { name: 'Stop run' }).click();
    await dialog.waitFor({ state: 'hidden' });
  }

  get error(): Locator {
    return this.root.locator('.run-error');
  }

  get log(): Locator {
    return this.root.getByTestId('run-log');
  }

  /** "What the model sees": the probe preview and a training sample. */
  get sees(): Locator {
    return this.root.getByRole('region', { name: 'What the model sees' });
  }

  get preview(): Locator {
    return this.sees.getByRole('group', { name: 'Probe preview' });
  }

  /** The step of the preview on screen, or null while there is none. */
  async previewStep(): Promise<number | null> {
    if ((await this.preview.count()) === 0) return null;
    return Number(await this.preview.getAttribute('data-step'));
  }

  /** Natural width of the PCA image (= token columns) once it has loaded, else 0. */
  async pcaColumns(): Promise<number> {
    return this.preview.getByTestId('pca-map').evaluate((img) => ((img as HTMLImageElement).complete ? (img as HTMLImageElement).naturalWidth : 0));
  }

  /** Clicks the probe image at fractions of its width and height. */
  async clickProbe(fx: number, fy: number): Promise<void> {
    const probe = this.preview.getByTestId('probe-image');
    const box = await probe.boundingBox();
    if (!box) throw new Error('the probe image is not on screen');
    await probe.click({ position: { x: fx * box.width, y: fy * box.height } });
  }

  /** "row,col" of the token the similarity map on screen is for, or null. */
  async similarityToken(): Promise<string | null> {
    const map = this.preview.getByTestId('similarity-map');
    return (await map.count()) === 0 ? null : map.getAttribute('data-token');
  }

  get sample(): Locator {
    return this.sees.getByRole('group', { name: 'Training sample' });
  }

  /** Matched token pairs the sample draws (0 until it has loaded). */
  async samplePairs(): Promise<number> {
    return Number((await this.sample.getAttribute('data-pairs')) ?? 0);
  }

  /** Exports through the dialog and returns what it reports (or its error), leaving it open. */
  async exportTo(folder: string, options: { weights?: 'teacher' | 'student'; force?: boolean } = {}): Promise<Locator> {
    await this.root.locator('.monitor-head').getByRole('button', { name: 'Export…' }).click();
    const dialog = this.page.getByRole('dialog', { name: /^Export “/ });
    await dialog.getByLabel('Folder on the studio host').fill(folder);
    if (options.weights) await dialog.getByLabel('Weights').selectOption(options.weights);
    if (options.force) await dialog.getByLabel('Replace the folder if it is not empty').check();
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    await dialog.locator('.export-result, .form-error, .field-error').first().waitFor();
    return dialog;
  }
}
