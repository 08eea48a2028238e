import type { Locator } from 'playwright-core';
import { Dialog, textOf } from './base';

export interface LandmarkRow {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly current: boolean;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** The annotator: the image with points, the landmark list, status, save indicator, keyboard. */
export class AnnotatorView extends Dialog {
  get root(): Locator {
    return this.page.locator('dialog.annotator');
  }

  override async title(): Promise<string> {
    return textOf(this.root.getByRole('heading', { level: 2 }).first());
  }

  get surface(): Locator {
    return this.root.getByTestId('annotator-surface');
  }

  get landmarkButtons(): Locator {
    return this.root.getByRole('list', { name: 'Landmarks' }).locator('button');
  }

  async position(): Promise<string> {
    return textOf(this.root.getByTestId('annotator-position'));
  }

  async status(): Promise<string> {
    return textOf(this.root.getByTestId('image-status'));
  }

  async notice(): Promise<string> {
    return textOf(this.root.getByTestId('annotator-notice'));
  }

  get saveIndicator(): Locator {
    return this.root.getByTestId('save-indicator');
  }

  /** Waits until the image `fileName` (or any) is drawn and its landmarks are listed. */
  async ready(fileName?: string): Promise<this> {
    await this.root.locator(fileName ? `[data-ready-file="${fileName}"]` : '[data-ready-file]').waitFor();
    await this.surface.waitFor();
    await this.page.waitForFunction(() => {
      const c = document.querySelector('dialog.annotator canvas.viewer-canvas') as HTMLCanvasElement | null;
      return !!c && c.width > 0 && !document.querySelector('dialog.annotator .viewer-stage.loading');
    });
    return this;
  }

  /** Waits until every change has been saved. */
  async saved(): Promise<void> {
    await this.root.locator('[data-testid="save-indicator"][data-state="saved"]').waitFor();
  }

  async landmarks(): Promise<LandmarkRow[]> {
    const buttons = await this.landmarkButtons.all();
    return Promise.all(
      buttons.map(async (b) => ({
        id: (await b.getAttribute('data-landmark')) ?? '',
        name: await textOf(b.locator('.landmark-name')),
        state: await textOf(b.locator('.visually-hidden')),
        current: (await b.getAttribute('aria-current')) === 'step',
      })),
    );
  }

  /** "W 255 · L 128". */
  async windowLevel(): Promise<string> {
    return textOf(this.root.getByTestId('wl-readout'));
  }

  /** "271%". */
  async zoom(): Promise<string> {
    return textOf(this.root.getByTestId('zoom-readout'));
  }

  async currentLandmark(): Promise<string> {
    return textOf(this.root.getByTestId('current-landmark').locator('strong'));
  }

  /** The stage's transform, read from the surface: screen = view + (original + ½) · cache/original · scale. */
  async transform(original: { width: number; height: number }): Promise<(p: Point) => Point> {
    const box = await this.surface.boundingBox();
    if (!box) throw new Error('The annotator has no image surface.');
    const read = async (name: string) => Number(await this.surface.getAttribute(name));
    const scale = await read('data-scale');
    const x = await read('data-x');
    const y = await read('data-y');
    const rx = (await read('data-cache-width')) / original.width;
    const ry = (await read('data-cache-height')) / original.height;
    return (p) => ({ x: box.x + x + (p.x + 0.5) * rx * scale, y: box.y + y + (p.y + 0.5) * ry * scale });
  }

  /** Clicks the image where the original-frame point `p` is. */
  async clickAt(original: { width: number; height: number }, p: Point): Promise<void> {
    const at = (await this.transform(original))(p);
    await this.page.mouse.click(at.x, at.y);
  }

  async dragFrom(original: { width: number; height: number }, from: Point, to: Point): Promise<void> {
    const t = await this.transform(original);
    const a = t(from);
    const b = t(to);
    await this.page.mouse.move(a.x, a.y);
    await this.page.mouse.down();
    await this.page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 3 });
    await this.page.mouse.move(b.x, b.y, { steps: 3 });
    await this.page.mouse.up();
  }

  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
  }

  get shortcutSheet(): Locator {
    return this.root.getByRole('dialog', { name: 'Keyboard shortcuts' });
  }

  /** Ghost points of suggestions on the stage. */
  get ghosts(): Locator {
    return this.root.locator('.points-overlay g.ghost');
  }

  /** Close (Esc would first dismiss suggestions or the sheet); waits until everything is saved and the queue shows. */
  override async close(): Promise<void> {
    await this.root.locator('.viewer-close').click();
    await this.closed();
  }
}
