import type { Download, Locator, Page } from 'playwright-core';
import { Dialog, Region, parseCount, textOf } from './base';
import { AnnotatorView } from './AnnotatorView';

/** The Annotate section: dataset/template/annotator choice, the work queue with progress, and its dialogs. */
export class AnnotatePage extends Region {
  get root(): Locator {
    return this.page.getByRole('main');
  }

  get session(): Locator {
    return this.page.getByRole('form', { name: 'Annotation session' });
  }

  get datasetSelect(): Locator {
    return this.session.getByLabel('Dataset', { exact: true });
  }

  get templateSelect(): Locator {
    return this.session.getByLabel('Template', { exact: true });
  }

  get annotatorInput(): Locator {
    return this.session.getByLabel('Annotator', { exact: true });
  }

  get queueTable(): Locator {
    return this.page.getByRole('table', { name: 'Queue' });
  }

  get startButton(): Locator {
    return this.page.getByTestId('start-annotating');
  }

  async ready(): Promise<this> {
    await this.session.waitFor();
    return this;
  }

  /** Chooses by the option's label start ("Phantoms · 12 images" matches "Phantoms"). */
  private async choose(select: Locator, name: string): Promise<void> {
    const labels = (await select.locator('option').allTextContents()).map((s) => s.trim());
    const label = labels.find((l) => l === name || l.startsWith(`${name} · `));
    if (!label) throw new Error(`No option "${name}" in ${labels.join(', ')}`);
    await select.selectOption({ label });
  }

  async chooseDataset(name: string): Promise<void> {
    await this.choose(this.datasetSelect, name);
  }

  async chooseTemplate(name: string): Promise<void> {
    await this.choose(this.templateSelect, name);
  }

  async selectedTemplate(): Promise<string> {
    return this.templateSelect.evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent?.trim() ?? '');
  }

  async setAnnotator(name: string): Promise<void> {
    await this.annotatorInput.fill(name);
  }

  async filter(status: 'All' | 'Not started' | 'In progress' | 'Done' | 'Skipped'): Promise<void> {
    await this.page.getByLabel('Status filter').selectOption({ label: status });
  }

  /** The queue's rows as [file, status, placed, absent]. */
  async rows(): Promise<{ file: string; status: string; placed: string; absent: string }[]> {
    await this.queueTable.waitFor();
    const rows = await this.queueTable.locator('tbody tr').all();
    return Promise.all(
      rows.map(async (row) => {
        const cells = (await row.locator('td').allTextContents()).map((s) => s.trim());
        return { file: cells[1] ?? '', status: cells[2] ?? '', placed: cells[3] ?? '', absent: cells[4] ?? '' };
      }),
    );
  }

  /** "3 / 10 done" → { done: 3, total: 10 }. */
  async progress(): Promise<{ done: number; total: number }> {
    const text = await textOf(this.root.getByTestId('progress-done').first());
    const m = /^([\d,]+) \/ ([\d,]+) done$/.exec(text);
    if (!m) throw new Error(`Unexpected progress "${text}"`);
    return { done: parseCount(m[1]!), total: parseCount(m[2]!) };
  }

  async start(): Promise<AnnotatorView> {
    await this.startButton.click();
    return new AnnotatorView(this.page).opened();
  }

  async open(fileName: string): Promise<AnnotatorView> {
    await this.queueTable.getByRole('button', { name: `Annotate ${fileName}`, exact: true }).click();
    return new AnnotatorView(this.page).opened();
  }

  async openTemplates(): Promise<TemplatesDialog> {
    await this.root.getByRole('button', { name: 'Templates…' }).click();
    return new TemplatesDialog(this.page).opened();
  }

  async openExchange(): Promise<ExchangeDialog> {
    await this.root.getByRole('button', { name: 'Export / import…' }).click();
    return new ExchangeDialog(this.page).opened();
  }

  async openAgreement(): Promise<AgreementDialog> {
    await this.root.getByRole('button', { name: 'Agreement…' }).click();
    return new AgreementDialog(this.page).opened();
  }
}

/** The list of templates with create, import, edit, duplicate, export and delete. */
export class TemplatesDialog extends Dialog {
  get root(): Locator {
    return this.page.getByRole('dialog', { name: 'Landmark templates' });
  }

  get table(): Locator {
    return this.root.getByRole('table', { name: 'Templates' });
  }

  async names(): Promise<string[]> {
    return (await this.table.locator('tbody .template-name').allTextContents()).map((s) => s.trim());
  }

  /** Creates a template (a copy of the default chest points) and returns its editor. */
  async create(name: string): Promise<TemplateEditor> {
    await this.root.getByLabel('New template', { exact: true }).fill(name);
    await this.root.getByRole('button', { name: 'Create template' }).click();
    return new TemplateEditor(this.page, name).opened();
  }

  async edit(name: string): Promise<TemplateEditor> {
    await this.table.getByRole('button', { name: `Edit ${name}`, exact: true }).click();
    return new TemplateEditor(this.page, name).opened();
  }

  async duplicate(name: string): Promise<void> {
    await this.table.getByRole('button', { name: `Duplicate ${name}`, exact: true }).click();
  }

  async exportJson(name: string): Promise<Download> {
    const download = this.page.waitForEvent('download');
    await this.table.getByRole('button', { name: `Export ${name}`, exact: true }).click();
    return download;
  }

  async importJson(file: string): Promise<void> {
    await this.root.getByLabel('Template file to import').setInputFiles(file);
  }

  get notice(): Locator {
    return this.root.getByRole('status');
  }

  async delete(name: string): Promise<void> {
    await this.table.getByRole('button', { name: `Delete ${name}`, exact: true }).click();
    const confirm = this.page.getByRole('dialog', { name: `Delete template “${name}”?` });
    await confirm.getByRole('button', { name: 'Delete template' }).click();
    await confirm.waitFor({ state: 'hidden' });
  }
}

/** One template's name and points. */
export class TemplateEditor extends Dialog {
  constructor(
    page: Page,
    readonly name: string,
  ) {
    super(page);
  }

  get root(): Locator {
    return this.page.getByRole('dialog', { name: `Edit template “${this.name}”` });
  }

  get rows(): Locator {
    return this.root.getByRole('table', { name: 'Points' }).locator('tbody tr');
  }

  async pointNames(): Promise<string[]> {
    const rows = await this.rows.all();
    return Promise.all(rows.map((r) => r.locator('td').nth(2).locator('input').inputValue()));
  }

  async rename(name: string): Promise<void> {
    await this.root.getByLabel('Name', { exact: true }).fill(name);
  }

  /** Keeps only the first `n` points (removing from the end). */
  async keepFirst(n: number): Promise<void> {
    for (let count = await this.rows.count(); count > n; count--) {
      await this.rows.nth(count - 1).getByRole('button', { name: /^Remove / }).click();
    }
  }

  async remove(pointName: string): Promise<void> {
    await this.root.getByRole('button', { name: `Remove ${pointName}`, exact: true }).click();
  }

  async setPointName(index: number, name: string): Promise<void> {
    await this.root.getByLabel(`Name of point ${index + 1}`, { exact: true }).fill(name);
  }

  async moveUp(pointName: string): Promise<void> {
    await this.root.getByRole('button', { name: `Move ${pointName} up`, exact: true }).click();
  }

  async setMayBeAbsent(pointName: string, on: boolean): Promise<void> {
    await this.root.getByLabel(`${pointName} may be absent`, { exact: true }).setChecked(on);
  }

  async addPoint(): Promise<void> {
    await this.root.getByRole('button', { name: 'Add point' }).click();
  }

  async save(): Promise<void> {
    await this.root.getByRole('button', { name: 'Save template' }).click();
  }

  /** The host's refusal to drop annotated points, shown with an explicit confirmation. */
  get dropConfirmation(): Locator {
    return this.root.locator('.confirm-drop');
  }

  async confirmDrop(): Promise<void> {
    await this.root.getByRole('button', { name: 'Delete their annotations and save' }).click();
  }
}

/** Export (Blob downloads) and import with preview. */
export class ExchangeDialog extends Dialog {
  get root(): Locator {
    return this.page.getByRole('dialog', { name: /^Export and import/ });
  }

  async export(label: 'CSV' | 'JSON' | 'COCO keypoints' | '3D Slicer'): Promise<Download> {
    const download = this.page.waitForEvent('download');
    await this.root.getByRole('group', { name: 'Export format' }).getByRole('button', { name: label, exact: true }).click();
    return download;
  }

  async chooseFile(file: string): Promise<void> {
    await this.root.getByLabel('Annotation file to import').setInputFiles(file);
    await this.root.getByLabel('Import format').waitFor();
  }

  async importInto(what: 'current' | 'new'): Promise<void> {
    await this.root.getByLabel('Import into').selectOption(what);
  }

  async importAs(annotator: string): Promise<void> {
    await this.root.getByLabel('Import as annotator').fill(annotator);
  }

  async format(): Promise<string> {
    return this.root.getByLabel('Import format').inputValue();
  }

  async preview(): Promise<void> {
    await this.root.getByRole('button', { name: 'Preview' }).click();
    await this.root.getByRole('region', { name: 'Import preview' }).waitFor();
  }

  async apply(): Promise<void> {
    await this.root.getByRole('button', { name: 'Apply import' }).click();
    await this.root.getByRole('region', { name: 'Import result' }).waitFor();
  }

  async count(key: 'entries' | 'placed' | 'absent' | 'images' | 'replaced' | 'unchanged'): Promise<number> {
    return parseCount(await textOf(this.root.getByTestId(`import-${key}`)));
  }

  get problems(): Locator {
    return this.root.getByRole('list', { name: 'Problems' });
  }
}

export class AgreementDialog extends Dialog {
  get root(): Locator {
    return this.page.getByRole('dialog', { name: /^Agreement on/ });
  }

  get table(): Locator {
    return this.root.getByRole('table', { name: 'Agreement per landmark' });
  }
}
