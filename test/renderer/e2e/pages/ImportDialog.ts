import type { Download, Locator } from 'playwright-core';
import { Dialog, parseCount, textOf } from './base';

export interface ReportCounts {
  found: number;
  imported: number;
  duplicates: number;
  noImage: number;
  failed: number;
  skipped: number;
  ignored: number;
}

/** The import dialog: paths form, live progress with cancel, and the final report. */
export class ImportDialog extends Dialog {
  get root(): Locator {
    return this.page.getByRole('dialog', { name: /^Import(ing)? into/ });
  }

  get pathsInput(): Locator {
    return this.root.getByLabel(/one per line/);
  }

  async start(paths: readonly string[]): Promise<void> {
    await this.pathsInput.fill(paths.join('\n'));
    await this.root.getByRole('button', { name: /^(Start import|Import \d+ paths)$/ }).click();
  }

  get progressBar(): Locator {
    return this.root.getByRole('progressbar', { name: 'Import progress' });
  }

  get progressText(): Locator {
    return this.root.getByTestId('import-progress-text');
  }

  get failuresSoFar(): Locator {
    return this.root.getByTestId('import-failures-so-far');
  }

  get error(): Locator {
    return this.root.getByRole('alert');
  }

  /** Files done so far from "done / total files · …", or -1 before the total is known. */
  async done(): Promise<number> {
    const text = await textOf(this.progressText, { timeout: 1000 }).catch(() => '');
    const match = /^([\d,]+) \/ [\d,]+ files/.exec(text);
    return match ? parseCount(match[1]!) : -1;
  }

  async cancel(): Promise<void> {
    await this.root.getByRole('button', { name: 'Cancel import' }).click();
  }

  async hide(): Promise<void> {
    await this.dismissWith('Run in background');
  }

  get report(): Locator {
    return this.root.getByRole('region', { name: 'Import report' });
  }

  async waitForReport(timeout = 60_000): Promise<void> {
    await this.report.waitFor({ timeout });
  }

  async counts(): Promise<ReportCounts> {
    const read = async (key: keyof ReportCounts) => parseCount(await textOf(this.report.getByTestId(`count-${key}`)));
    return {
      found: await read('found'),
      imported: await read('imported'),
      duplicates: await read('duplicates'),
      noImage: await read('noImage'),
      failed: await read('failed'),
      skipped: await read('skipped'),
      ignored: await read('ignored'),
    };
  }

  /** [path, reason] of every failed file listed. */
  async failures(): Promise<[string, string][]> {
    const rows = await this.report.getByRole('table', { name: 'Failed files' }).locator('tbody tr').all();
    return Promise.all(
      rows.map(async (row) => {
        const cells = (await row.locator('td').allTextContents()).map((s) => s.trim());
        return [cells[0] ?? '', cells[1] ?? ''] as [string, string];
      }),
    );
  }

  async copyReport(): Promise<void> {
    await this.report.getByRole('button', { name: 'Copy report' }).click();
  }

  async exportCsv(): Promise<Download> {
    const download = this.page.waitForEvent('download');
    await this.report.getByRole('button', { name: 'Export CSV' }).click();
    return download;
  }

  get reportNotice(): Locator {
    return this.report.getByRole('status');
  }
}
