import type { Locator, Page } from 'playwright-core';
import { ItemsPage, textOf } from './base';

/** The Projects section: the create form, the project table with inline rename, and the delete confirmation. */
export class ProjectsPage extends ItemsPage {
  constructor(page: Page) {
    super(page, 'project', 'Projects');
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

  row(name: string): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByText(name, { exact: true }) });
  }

  /** The validation message the field points at through aria-describedby, or null when the field is valid. */
  async errorFor(field: Locator): Promise<string | null> {
    const describedBy = await field.getAttribute('aria-describedby');
    if (!describedBy) return null;
    const message = this.page.locator(`[id="${describedBy}"]`);
    return (await message.count()) > 0 ? textOf(message) : null;
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
    const button = this.rowButton(name, `Make ${name} the current project`);
    await button.click();
    await button.and(this.page.locator(':disabled')).waitFor();
  }
}
