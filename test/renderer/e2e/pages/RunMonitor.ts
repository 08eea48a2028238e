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
}
