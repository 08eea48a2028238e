import type { Locator, Page } from 'playwright-core';
import { parseCount } from './base';
import { ImageViewer } from './ImageViewer';

export type FacetLabel = 'Status' | 'View' | 'Modality' | 'Sex';

/** The image browser under the dataset table: filters, the virtualized thumbnail grid. */
export class ImageGrid {
  constructor(readonly page: Page) {}

  get filters(): Locator {
    return this.page.getByRole('search', { name: 'Image filters' });
  }

  get list(): Locator {
    return this.page.getByRole('list', { name: 'Images' });
  }

  get tiles(): Locator {
    return this.list.locator('.tile:not(.skeleton)');
  }

  tile(fileName: string): Locator {
    return this.list.locator('.tile').filter({ has: this.page.locator('.tile-name', { hasText: new RegExp(`^${fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });
  }

  get count(): Locator {
    return this.page.getByTestId('browser-count');
  }

  /** The number of images the browser says match, parsed from "N images". */
  async total(): Promise<number> {
    const text = (await this.count.textContent()) ?? '';
    const match = /^([\d,]+) image/.exec(text);
    return match ? parseCount(match[1]!) : -1;
  }

  /** File names of the tiles in the DOM, in order. */
  async fileNames(): Promise<string[]> {
    return (await this.list.locator('.tile:not(.skeleton) .tile-name').allTextContents()).map((s) => s.trim());
  }

  /** Option labels of a facet filter, e.g. ["All (40)", "Imported (37)", …]. */
  async facetOptions(facet: FacetLabel): Promise<string[]> {
    return (await this.filters.getByLabel(facet, { exact: true }).locator('option').allTextContents()).map((s) => s.trim());
  }

  /** Chooses a facet value by its label start, e.g. filter('Status', 'Failed'); 'All' clears. */
  async filter(facet: FacetLabel, label: string): Promise<void> {
    const select = this.filters.getByLabel(facet, { exact: true });
    const options = await this.facetOptions(facet);
    const option = options.find((o) => o === label || o.startsWith(`${label} (`));
    if (!option) throw new Error(`No "${label}" in the ${facet} filter: ${options.join(', ')}`);
    await select.selectOption({ label: option });
  }

  async search(text: string): Promise<void> {
    await this.filters.getByLabel('Search file names').fill(text);
  }

  async sort(by: 'File path' | 'Import order' | 'File size' | 'Patient age', descending = false): Promise<void> {
    await this.filters.getByLabel('Sort by').selectOption({ label: by });
    const toggle = this.filters.getByRole('button', { name: 'Descending' });
    if ((await toggle.getAttribute('aria-pressed')) !== String(descending)) await toggle.click();
  }

  /** The file name of the tile that has the keyboard focus, or null. */
  async focusedFileName(): Promise<string | null> {
    return this.page.evaluate(() => document.activeElement?.closest('.tile')?.querySelector('.tile-name')?.textContent?.trim() ?? null);
  }

  async open(fileName: string): Promise<ImageViewer> {
    await this.tile(fileName).click();
    return new ImageViewer(this.page).opened();
  }
}
