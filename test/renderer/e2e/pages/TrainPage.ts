import type { Locator, Page } from 'playwright-core';
import { textOf } from './base';
import { RunMonitor } from './RunMonitor';

/** What the new-run form can be filled with; omitted fields keep their defaults. */
export interface RunFormValues {
  readonly name?: string;
  readonly method?: string;
  readonly imageSize?: number;
  readonly batch?: number;
  readonly microBatch?: number;
  readonly epochs?: number;
  readonly maxSteps?: number;
  readonly lr?: string;
  readonly warmupEpochs?: number;
  readonly checkpointEvery?: number;
  readonly seed?: number;
  readonly headSize?: number;
  /** Advanced. */
  readonly cellSize?: number;
  readonly cropCells?: number;
  readonly embedDim?: number;
  readonly depth?: number;
  readonly numHeads?: number;
}

const LABELS: Record<keyof RunFormValues, string> = {
  name: 'Name (optional)',
  method: 'Method',
  imageSize: 'Image size',
  batch: 'Batch',
  microBatch: 'Micro-batch',
  epochs: 'Epochs',
  maxSteps: 'Max steps',
  lr: 'Learning rate',
  warmupEpochs: 'Warm-up',
  checkpointEvery: 'Checkpoint every',
  seed: 'Seed',
  headSize: 'Head size',
  cellSize: 'Cell size',
  cropCells: 'Crop',
  embedDim: 'Width',
  depth: 'Depth',
  numHeads: 'Heads',
};

const ADVANCED: readonly (keyof RunFormValues)[] = ['cellSize', 'cropCells', 'embedDim', 'depth', 'numHeads'];

/** The Train section: the new-run form with its estimate, and the monitor of the active run. */
export class TrainPage {
  readonly monitor: RunMonitor;

  constructor(readonly page: Page) {
    this.monitor = new RunMonitor(page, page.locator('.train-monitor-column'));
  }

  get form(): Locator {
    return this.page.getByRole('form', { name: 'New run' });
  }

  field(name: keyof RunFormValues): Locator {
    return this.form.getByLabel(LABELS[name], { exact: true });
  }

  async value(name: keyof RunFormValues): Promise<string> {
    return this.field(name).inputValue();
  }

  async selectDataset(name: string): Promise<void> {
    await this.form.getByRole('group', { name: 'Datasets' }).getByRole('checkbox', { name: new RegExp(`^${name} `) }).check();
  }

  async openAdvanced(): Promise<void> {
    const details = this.form.locator('details.advanced');
    if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  }

  async fill(values: RunFormValues): Promise<void> {
    if (values.maxSteps !== undefined) await this.form.getByLabel('By steps').check();
    if (values.epochs !== undefined) await this.form.getByLabel('By epochs').check();
    if (Object.keys(values).some((k) => ADVANCED.includes(k as keyof RunFormValues))) await this.openAdvanced();
    for (const [key, value] of Object.entries(values) as [keyof RunFormValues, string | number][]) {
      if (key === 'method') await this.field(key).selectOption(String(value));
      else await this.field(key).fill(String(value));
    }
  }

  async submit(): Promise<void> {
    await this.form.getByRole('button', { name: 'Start run' }).click();
  }

  /** Starts the run and waits until its monitor shows it. */
  async start(): Promise<string> {
    const before = (await this.monitor.root.count()) > 0 ? await this.monitor.root.getAttribute('data-run-id') : null;
    await this.submit();
    await this.page.getByRole('status').filter({ hasText: /^Started “/ }).waitFor();
    await this.page.waitForFunction(
      (prev) => {
        const el = document.querySelector('.train-monitor-column section.monitor');
        return el !== null && el.getAttribute('data-run-id') !== prev;
      },
      before,
    );
    return this.monitor.runName();
  }

  /** The message the field's control points at through aria-describedby, or null. */
  async errorFor(name: keyof RunFormValues): Promise<string | null> {
    const ids = ((await this.field(name).getAttribute('aria-describedby')) ?? '').split(' ').filter((id) => id.endsWith('-error'));
    if (ids.length === 0) return null;
    return textOf(this.page.locator(`[id="${ids[0]}"]`));
  }

  async formError(): Promise<string> {
    return textOf(this.form.locator('.form-error'));
  }

  async estimate(): Promise<string> {
    return textOf(this.form.getByTestId('estimate').locator('.estimate-main'));
  }
}
