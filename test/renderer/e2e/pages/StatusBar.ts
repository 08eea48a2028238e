import type { Locator } from 'playwright-core';
import { Dialog, Region, textOf } from './base';

/** The status bar and its compute-backend popover with the throughput probe. */
export class StatusBar extends Region {
  get root(): Locator {
    return this.page.getByRole('contentinfo', { name: 'Status bar' });
  }

  get version(): Locator {
    return this.root.getByTestId('status-version');
  }

  get database(): Locator {
    return this.root.getByTestId('status-database');
  }

  get backendButton(): Locator {
    return this.root.getByRole('button', { name: /^Backend:/ });
  }

  async backendText(): Promise<string> {
    return textOf(this.backendButton);
  }

  async openBackend(): Promise<BackendPopover> {
    await this.backendButton.and(this.page.locator(':enabled')).waitFor();
    await this.backendButton.click();
    return new BackendPopover(this.page).opened();
  }
}

export class BackendPopover extends Dialog {
  get root(): Locator {
    return this.page.getByRole('dialog', { name: 'Compute backend' });
  }

  get attemptRows(): Locator {
    return this.root.getByRole('table', { name: 'Backend attempts' }).locator('tbody tr');
  }

  /** [backend, status, reason] for every backend that was tried. */
  async attempts(): Promise<string[][]> {
    const rows = await this.attemptRows.all();
    return Promise.all(rows.map(async (row) => (await row.locator('th, td').allTextContents()).map((s) => s.trim())));
  }

  get probeForm(): Locator {
    return this.root.getByRole('form', { name: 'Backend probe' });
  }

  get progressText(): Locator {
    return this.probeForm.getByTestId('probe-progress-text');
  }

  get progressBar(): Locator {
    return this.probeForm.getByRole('progressbar', { name: 'Probe progress' });
  }

  get outcome(): Locator {
    return this.probeForm.getByRole('status');
  }

  async startProbe(size: number, repeats: number): Promise<void> {
    await this.probeForm.getByLabel('Matrix size').fill(String(size));
    await this.probeForm.getByLabel('Repeats').fill(String(repeats));
    await this.probeForm.getByRole('button', { name: 'Probe backend' }).click();
  }

  async cancelProbe(): Promise<void> {
    await this.probeForm.getByRole('button', { name: 'Cancel' }).click();
  }

  /** The matmuls done so far, parsed from "N / total matmuls · …", or -1 before the first progress event. */
  async done(): Promise<number> {
    const text = await textOf(this.progressText, { timeout: 1000 }).catch(() => '');
    const match = /^(\d+) \//.exec(text);
    return match ? Number(match[1]) : -1;
  }
}
