import type { Locator } from 'playwright-core';
import { Dialog, textOf } from './base';

export type PresetLabel = 'Default' | 'Full range' | 'Lung' | 'Bone';

/** The full-window image viewer: canvas with window/level, zoom and pan; tools; metadata. */
export class ImageViewer extends Dialog {
  get root(): Locator {
    return this.page.locator('dialog.viewer');
  }

  async position(): Promise<string> {
    return textOf(this.root.getByTestId('viewer-position'));
  }

  get canvas(): Locator {
    return this.root.locator('canvas.viewer-canvas');
  }

  get surface(): Locator {
    return this.root.locator('.viewer-surface');
  }

  get message(): Locator {
    return this.root.locator('.viewer-message');
  }

  get metadata(): Locator {
    return this.root.getByRole('complementary', { name: 'Image metadata' });
  }

  /** The value of a metadata row by its label. */
  async metadataValue(label: string): Promise<string> {
    const row = this.metadata.locator('.meta-row').filter({ has: this.page.locator('dt', { hasText: new RegExp(`^${label}$`) }) });
    return textOf(row.locator('dd').first());
  }

  /** Waits until pixels are drawn (the canvas exists and is sized). */
  async ready(): Promise<void> {
    await this.canvas.waitFor();
    await this.page.waitForFunction(() => {
      const c = document.querySelector('dialog.viewer canvas.viewer-canvas') as HTMLCanvasElement | null;
      return !!c && c.width > 0 && !document.querySelector('dialog.viewer .viewer-stage.loading');
    });
  }

  /** "W 4095 · L 2048" → numbers. */
  async windowLevel(): Promise<{ width: number; level: number }> {
    const text = (await this.root.getByTestId('wl-readout').textContent()) ?? '';
    const match = /^W (-?[\d.]+) · L (-?[\d.]+)$/.exec(text.trim());
    if (!match) throw new Error(`Unexpected window/level text "${text}"`);
    return { width: Number(match[1]), level: Number(match[2]) };
  }

  async zoom(): Promise<string> {
    return textOf(this.root.getByTestId('zoom-readout'));
  }

  /** RGBA of canvas pixels at fractions of its size (read back from the canvas itself). */
  async pixels(points: readonly (readonly [number, number])[]): Promise<number[][]> {
    return this.canvas.evaluate((el, pts) => {
      const canvas = el as HTMLCanvasElement;
      const ctx = canvas.getContext('2d')!;
      return pts.map(([fx, fy]) => [...ctx.getImageData(Math.floor(fx * canvas.width), Math.floor(fy * canvas.height), 1, 1).data]);
    }, points);
  }

  /** Drags on the image with the left button (window/level unless the pan tool or Space is on). */
  async drag(dx: number, dy: number, options: { button?: 'left' | 'middle' } = {}): Promise<void> {
    const box = await this.surface.boundingBox();
    if (!box) throw new Error('The viewer has no image surface.');
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down({ button: options.button ?? 'left' });
    await this.page.mouse.move(x + dx / 2, y + dy / 2, { steps: 4 });
    await this.page.mouse.move(x + dx, y + dy, { steps: 4 });
    await this.page.mouse.up({ button: options.button ?? 'left' });
  }

  async wheel(deltaY: number): Promise<void> {
    const box = await this.surface.boundingBox();
    if (!box) throw new Error('The viewer has no image surface.');
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await this.page.mouse.wheel(0, deltaY);
  }

  preset(label: PresetLabel): Locator {
    return this.root.getByRole('group', { name: 'Window presets' }).getByRole('button', { name: label, exact: true });
  }

  button(name: 'Invert' | 'Fit' | '1:1' | 'Pan' | 'Window'): Locator {
    return this.root.getByRole('toolbar', { name: 'Viewer tools' }).getByRole('button', { name, exact: true });
  }

  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
  }

  /** Escape: the viewer has no Close button. */
  override async close(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.closed();
  }
}
