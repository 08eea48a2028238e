import type { Locator, Page } from 'playwright-core';
import { textOf } from './base';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

export interface SourceOption {
  readonly value: string;
  readonly text: string;
  readonly disabled: boolean;
}

export type ExploreTab = 'Correspondence' | 'Landmarks' | 'Co-segmentation' | 'Embeddings' | 'Report';

/** The Explore section: dataset and feature-source pickers over five tabs (only the selected tab's panel is visible). */
export class ExplorePage {
  constructor(readonly page: Page) {}

  get controls(): Locator {
    return this.page.getByRole('group', { name: 'What to explore' });
  }

  get datasetSelect(): Locator {
    return this.controls.getByLabel('Dataset', { exact: true });
  }

  get sourceSelect(): Locator {
    return this.controls.getByLabel('Feature source', { exact: true });
  }

  get compareSelect(): Locator {
    return this.controls.getByLabel('Compare with', { exact: true });
  }

  /** The visible tab panel. */
  get panel(): Locator {
    return this.page.getByRole('tabpanel');
  }

  /** Waits until the sources and the dataset's images have loaded. */
  async ready(): Promise<this> {
    await this.sourceSelect.waitFor();
    await this.page.getByRole('tablist', { name: 'Explore views' }).waitFor();
    return this;
  }

  /** Chooses the dataset whose option starts with `name` ("Phantoms · 8 images"). */
  async selectDataset(name: string): Promise<void> {
    const options = await this.datasetSelect.locator('option').allTextContents();
    const label = options.find((o) => o.startsWith(`${name} · `));
    if (!label) throw new Error(`No dataset "${name}" among ${options.join(', ')}`);
    await this.datasetSelect.selectOption({ label });
  }

  async sourceOptions(): Promise<SourceOption[]> {
    return this.sourceSelect
      .locator('option')
      .evaluateAll((els) => els.map((el) => ({ value: (el as HTMLOptionElement).value, text: el.textContent ?? '', disabled: (el as HTMLOptionElement).disabled })));
  }

  /** By value: "pixels", "random", "run:3". */
  async selectSource(value: string): Promise<void> {
    await this.sourceSelect.selectOption(value);
  }

  async openTab(name: ExploreTab): Promise<void> {
    await this.page.getByRole('tab', { name, exact: true }).click();
    await this.page.getByRole('tab', { name, exact: true, selected: true }).waitFor();
  }

  // Correspondence

  get queryImage(): Locator {
    return this.panel.getByRole('group', { name: /^Query image / });
  }

  /** Clicks the query image at a point of its original frame (`size`). */
  async clickQuery(size: Size, p: Point): Promise<void> {
    const box = await this.queryImage.boundingBox();
    if (!box) throw new Error('The query image is not on screen.');
    await this.queryImage.click({ position: { x: (p.x / size.width) * box.width, y: (p.y / size.height) * box.height } });
  }

  /** "Point at (12.0, 34.5)". */
  async queryPoint(): Promise<string> {
    return textOf(this.panel.getByTestId('query-point'));
  }

  /** The key figures of one source's row ("Matches by <label>"), or of every row. */
  keys(sourceLabel?: string): Locator {
    const scope = sourceLabel === undefined ? this.panel : this.panel.getByRole('region', { name: `Matches by ${sourceLabel}` });
    return scope.getByRole('figure', { name: /^Key / });
  }

  async heatmapCount(): Promise<number> {
    return this.panel.getByTestId('heatmap').count();
  }

  /** Best-match markers drawn on the keys, in the original frame of each key. */
  async matchMarkers(): Promise<Point[]> {
    return this.panel
      .locator('.marker-match')
      .evaluateAll((els) => els.map((el) => ({ x: Number(el.getAttribute('data-x')), y: Number(el.getAttribute('data-y')) })));
  }

  async matchCaptions(): Promise<string[]> {
    return (await this.panel.getByTestId('match-caption').allTextContents()).map((s) => s.trim());
  }

  // Co-segmentation

  async chosenCount(): Promise<string> {
    return textOf(this.panel.getByRole('status').filter({ hasText: 'images chosen' }));
  }

  get partsField(): Locator {
    return this.panel.getByRole('textbox', { name: 'Parts', exact: true });
  }

  async cosegment(): Promise<void> {
    await this.panel.getByRole('button', { name: 'Co-segment', exact: true }).click();
  }

  async setParts(k: number): Promise<void> {
    await this.partsField.fill(String(k));
  }

  /** The legend's part names. */
  async partNames(): Promise<string[]> {
    return (await this.panel.getByRole('list', { name: 'Legend of parts' }).getByRole('listitem').allTextContents()).map((s) => s.trim());
  }

  async labelMapCount(): Promise<number> {
    return this.panel.getByTestId('label-map').count();
  }

  async summary(): Promise<string> {
    return textOf(this.panel.getByTestId('coseg-summary'));
  }
}
