import type { Locator, Page } from 'playwright-core';

/** The Projects section: the create form, the project table with inline rename, and the delete confirmation. */
export class ProjectsPage {
  constructor(readonly page: Page) {}

  get form(): Locator {
    return this.page.getByRole('form', { name: 'New project' });
  }

  get nameInput(): Locator {
    return this.form.getByLabel('Name', { exact: true });
  }

  get descriptionInput(): Locator {
    return this.form.getByLabel(/^Description/);
  }

  get createButton(): Locator {
    return this.form.getByRole('button', { name: 'Create project' });
  }

  get table(): Locator {
    return this.page.getByRole('table', { name: 'Projects' });
  }

  get notice(): Locator {
    return this.page.getByRole('status').filter({ hasText: /project/i });
  }

  row(name: string): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByText(name, { exact: true }) });
  }

  /** Project names in table order (newest first). */
  async names(): Promise<string[]> {
    return this.table.locator('tbody .project-name').allTextContents();
  }

  /** The validation message the field points at through aria-describedby, or null when the field is valid. */
  async errorFor(field: Locator): Promise<string | null> {
    const describedBy = await field.getAttribute('aria-describedby');
    if (!describedBy) return null;
    const message = this.page.locator(`[id="${describedBy}"]`);
    return (await message.count()) > 0 ? ((await message.textContent()) ?? '').trim() : null;
  }

  /** Fills and submits the form; does not wait for the outcome (it may be a validation error). */
  async submitNew(name: string, description = ''): Promise<void> {
    await this.nameInput.fill(name);
    await this.descriptionInput.fill(description);
    await this.createButton.click();
  }

  async create(name: string, description = ''): Promise<void> {
    await this.submitNew(name, description);
    await this.row(name).waitFor();
  }

  /** Waits until the name field shows a validation message and returns it. */
  async waitForNameError(): Promise<string> {
    await this.nameInput.and(this.page.locator('[aria-invalid="true"]')).waitFor();
    return (await this.errorFor(this.nameInput)) ?? '';
  }

  /** Makes the project the current one from its row. */
  async open(name: string): Promise<void> {
    const button = this.row(name).getByRole('button', { name: `Make ${name} the current project` });
    await button.click();
    await button.and(this.page.locator(':disabled')).waitFor();
  }

  async startRename(name: string): Promise<Locator> {
    await this.row(name).getByRole('button', { name: `Rename ${name}` }).click();
    const input = this.table.getByLabel(`New name for ${name}`);
    await input.waitFor();
    return input;
  }

  async rename(from: string, to: string): Promise<void> {
    const input = await this.startRename(from);
    await input.fill(to);
    await input.press('Enter');
    await this.row(to).waitFor();
  }

  async requestDelete(name: string): Promise<DeleteDialog> {
    await this.row(name).getByRole('button', { name: `Delete ${name}` }).click();
    const dialog = new DeleteDialog(this.page);
    await dialog.root.waitFor();
    return dialog;
  }
}

export class DeleteDialog {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.getByRole('dialog');
  }

  async title(): Promise<string> {
    return ((await this.root.getByRole('heading').textContent()) ?? '').trim();
  }

  async cancel(): Promise<void> {
    await this.root.getByRole('button', { name: 'Cancel' }).click();
    await this.root.waitFor({ state: 'hidden' });
  }

  async confirm(): Promise<void> {
    await this.root.getByRole('button', { name: 'Delete project' }).click();
    await this.root.waitFor({ state: 'hidden' });
  }
}
