import type { Locator, Page } from 'playwright-core';
import { textOf } from './base';
import { RunMonitor, type RunStatusValue } from './RunMonitor';

/** The Runs section: the runs table with filters and selection, the monitor of an opened run, and the comparison. */
export class RunsPage {
  readonly monitor: RunMonitor;
  readonly compare: ComparePanel;

  constructor(readonly page: Page) {
    this.monitor = new RunMonitor(page, page.locator('.runs-page'));
    this.compare = new ComparePanel(page);
  }

  get table(): Locator {
    return this.page.getByRole('table', { name: 'Runs' });
  }

  row(name: string): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('button', { name, exact: true }) });
  }

  async names(): Promise<string[]> {
    if ((await this.table.count()) === 0) return [];
    return (await this.table.locator('tbody .run-name').allTextContents()).map((s) => s.trim());
  }

  async status(name: string): Promise<RunStatusValue> {
    return (await this.row(name).getByTestId('run-status').getAttribute('data-status')) as RunStatusValue;
  }

  async cell(name: string, col: 'method' | 'steps' | 'losses' | 'checkpoints'): Promise<string> {
    return textOf(this.row(name).locator(`td[data-col="${col}"]`));
  }

  async filter(which: 'Status' | 'Method', label: RegExp | string): Promise<void> {
    const select = this.page.getByRole('group', { name: 'Filter runs' }).getByLabel(which);
    const options = await select.locator('option').allTextContents();
    const option = options.find((o) => (typeof label === 'string' ? o.startsWith(label) : label.test(o)));
    if (!option) throw new Error(`no ${which} option ${label} in ${options.join(', ')}`);
    await select.selectOption({ label: option });
  }

  async open(name: string): Promise<RunMonitor> {
    await this.row(name).getByRole('button', { name, exact: true }).click();
    await this.monitor.root.filter({ has: this.page.locator('.monitor-title', { hasText: name }) }).waitFor();
    return this.monitor;
  }

  async select(name: string, on = true): Promise<void> {
    await this.row(name).getByRole('checkbox', { name: `Compare ${name}` }).setChecked(on);
  }

  get compareButton(): Locator {
    return this.page.getByRole('button', { name: /^Compare selected/ });
  }

  async compareSelected(): Promise<ComparePanel> {
    await this.compareButton.click();
    await this.compare.root.waitFor();
    return this.compare;
  }

  /** Asks to delete and confirms; returns the dialog (still open when the host refused, with its message). */
  async requestDelete(name: string): Promise<Locator> {
    await this.row(name).getByRole('button', { name: `Delete ${name}` }).click();
    const dialog = this.page.getByRole('dialog', { name: `Delete run “${name}”?` });
    await dialog.getByRole('button', { name: 'Delete run' }).click();
    return dialog;
  }
}

/** Overlaid curves of the selected runs for one metric, and their configuration diff. */
export class ComparePanel {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.getByRole('region', { name: /^Compare \d+ runs$/ });
  }

  async chooseMetric(label: string): Promise<void> {
    await this.root.getByLabel('Metric').selectOption({ label });
  }

  /** Per compared run (legend order): its name and the points its curve has. */
  async curves(): Promise<{ name: string; points: number }[]> {
    const items = await this.root.getByRole('list', { name: 'Compared runs' }).getByRole('listitem').all();
    return Promise.all(items.map(async (li) => ({ name: await textOf(li.locator('.legend-name')), points: Number(await li.getAttribute('data-points')) })));
  }

  /** Keys highlighted as differing, with each run's value. */
  async differences(): Promise<Record<string, string[]>> {
    const rows = await this.root.locator('table tr[data-differs="true"]').all();
    const out: Record<string, string[]> = {};
    for (const row of rows) out[(await row.getAttribute('data-key'))!] = (await row.locator('td').allTextContents()).map((s) => s.trim());
    return out;
  }

  async rowCount(): Promise<number> {
    return this.root.locator('table tbody tr').count();
  }

  async onlyDifferences(on: boolean): Promise<void> {
    await this.root.getByLabel('Only differences').setChecked(on);
  }
}
