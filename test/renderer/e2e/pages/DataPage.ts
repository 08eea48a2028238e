import type { Locator, Page } from 'playwright-core';
import { DeleteDialog, ItemsPage, parseCount, textOf } from './base';
import { ImageGrid } from './ImageGrid';
import { ImportDialog } from './ImportDialog';

/** The Data section: the create form, the dataset table with its counts and actions, and the image browser. */
export class DataPage extends ItemsPage {
  readonly grid: ImageGrid;

  constructor(page: Page) {
    super(page, 'dataset', 'Datasets');
    this.grid = new ImageGrid(page);
  }

  row(name: string): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('button', { name, exact: true }) });
  }

  /** Counts shown in a dataset's row. */
  async counts(name: string): Promise<{ total: number; ok: number; duplicate: number; noImage: number; error: number }> {
    const row = this.row(name);
    const read = async (col: string) => parseCount((await row.locator(`td[data-col="${col}"]`).textContent()) ?? '');
    return { total: await read('total'), ok: await read('ok'), duplicate: await read('duplicate'), noImage: await read('noImage'), error: await read('error') };
  }

  async settings(name: string): Promise<string> {
    return textOf(this.row(name).locator('.settings-cell'));
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

  async delete(name: string): Promise<void> {
    const dialog = await this.requestDelete(name);
    await dialog.confirm();
    await this.row(name).waitFor({ state: 'detached' });
  }

  protected override deleteDialog(name: string): DeleteDialog {
    return new DeleteDialog(this.page, this.noun, name);
  }

  async openImport(name: string): Promise<ImportDialog> {
    await this.rowButton(name, `Import into ${name}`).click();
    return new ImportDialog(this.page).opened();
  }

  /** The running/finished import badge in the dataset's row (after a reload: re-attached via jobs.list). */
  importState(name: string): Locator {
    return this.row(name).locator('.import-state');
  }

  async showImport(name: string): Promise<ImportDialog> {
    await this.importState(name).click();
    return new ImportDialog(this.page).opened();
  }
}
