import type { Locator, Page } from 'playwright-core';
import { ImageGrid } from './ImageGrid';
import { ImportDialog } from './ImportDialog';

/** The Data section: the create form, the dataset table with its counts and actions, and the image browser. */
export class DataPage {
  readonly grid: ImageGrid;

  constructor(readonly page: Page) {
    this.grid = new ImageGrid(page);
  }

  get form(): Locator {
    return this.page.getByRole('form', { name: 'New dataset' });
  }

  get table(): Locator {
    return this.page.getByRole('table', { name: 'Datasets' });
  }

  get notice(): Locator {
    return this.page.getByRole('status').filter({ hasText: /dataset/i });
  }

  row(name: string): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('button', { name, exact: true }) });
  }

  async names(): Promise<string[]> {
    return (await this.table.locator('tbody .dataset-name').allTextContents()).map((s) => s.trim());
  }

  /** Counts shown in a dataset's row. */
  async counts(name: string): Promise<{ total: number; ok: number; duplicate: number; noImage: number; error: number }> {
    const row = this.row(name);
    const read = async (col: string) => Number(((await row.locator(`td[data-col="${col}"]`).textContent()) ?? '').replace(/,/g, ''));
    return { total: await read('total'), ok: await read('ok'), duplicate: await read('duplicate'), noImage: await read('noImage'), error: await read('error') };
  }

  async settings(name: string): Promise<string> {
    return ((await this.row(name).locator('.settings-cell').textContent()) ?? '').trim();
  }

  get newDatasetButton(): Locator {
    return this.page.getByRole('button', { name: 'New dataset…' });
  }

  /** Opens the create form unless it is already open (it is while the project has no dataset). */
  async openForm(): Promise<void> {
    if ((await this.newDatasetButton.getAttribute('aria-expanded')) !== 'true') await this.newDatasetButton.click();
    await this.form.waitFor();
  }

  async create(name: string, options: { longSide?: number; depth?: 8 | 16 } = {}): Promise<void> {
    await this.openForm();
    await this.form.getByLabel('Name', { exact: true }).fill(name);
    if (options.longSide !== undefined) await this.form.getByLabel('Working resolution').fill(String(options.longSide));
    if (options.depth !== undefined) await this.form.getByLabel('Cache depth').selectOption(String(options.depth));
    await this.form.getByRole('button', { name: 'Create dataset' }).click();
    await this.row(name).waitFor();
  }

  async select(name: string): Promise<void> {
    await this.row(name).getByRole('button', { name, exact: true }).click();
    await this.page.getByRole('region', { name: `Images of ${name}` }).waitFor();
  }

  async rename(from: string, to: string): Promise<void> {
    await this.row(from).getByRole('button', { name: `Rename ${from}` }).click();
    const input = this.table.getByLabel(`New name for ${from}`);
    await input.fill(to);
    await input.press('Enter');
    await this.row(to).waitFor();
  }

  async delete(name: string): Promise<void> {
    await this.row(name).getByRole('button', { name: `Delete ${name}` }).click();
    const dialog = this.page.getByRole('dialog', { name: `Delete dataset “${name}”?` });
    await dialog.getByRole('button', { name: 'Delete dataset' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await this.row(name).waitFor({ state: 'detached' });
  }

  async openImport(name: string): Promise<ImportDialog> {
    await this.row(name).getByRole('button', { name: `Import into ${name}` }).click();
    const dialog = new ImportDialog(this.page);
    await dialog.root.waitFor();
    return dialog;
  }

  /** The running/finished import badge in the dataset's row (after a reload: re-attached via jobs.list). */
  importState(name: string): Locator {
    return this.row(name).locator('.import-state');
  }

  async showImport(name: string): Promise<ImportDialog> {
    await this.importState(name).click();
    const dialog = new ImportDialog(this.page);
    await dialog.root.waitFor();
    return dialog;
  }
}
