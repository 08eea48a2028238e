import type { Locator, Page } from 'playwright-core';

/** The trimmed text of an element ('' when it has none). */
export async function textOf(locator: Locator, options?: { timeout?: number }): Promise<string> {
  return ((await locator.textContent(options)) ?? '').trim();
}

/** "1,024" → 1024. */
export function parseCount(text: string): number {
  return Number(text.replace(/,/g, ''));
}

/** A part of the page found by its `root`: the status bar, a dialog. */
export abstract class Region {
  constructor(readonly page: Page) {}

  abstract get root(): Locator;

  /** Waits until the region is on screen, for chaining after whatever opened it. */
  async opened(): Promise<this> {
    await this.root.waitFor();
    return this;
  }

  async closed(): Promise<void> {
    await this.root.waitFor({ state: 'hidden' });
  }

  /** Clicks a button of the region that dismisses it and waits until it is gone. */
  protected async dismissWith(button: string): Promise<void> {
    await this.root.getByRole('button', { name: button }).click();
    await this.closed();
  }
}

/** A dialog with its title as a level-2 heading. */
export abstract class Dialog extends Region {
  async title(): Promise<string> {
    return textOf(this.root.getByRole('heading', { level: 2 }));
  }

  async close(): Promise<void> {
    await this.dismissWith('Close');
  }
}

/** The confirmation before a project or dataset is deleted ("Delete project “X”?"). */
export class DeleteDialog extends Dialog {
  /** Without `name`, whatever dialog is open. */
  constructor(
    page: Page,
    readonly noun: string,
    readonly name?: string,
  ) {
    super(page);
  }

  get root(): Locator {
    return this.name === undefined ? this.page.getByRole('dialog') : this.page.getByRole('dialog', { name: `Delete ${this.noun} “${this.name}”?` });
  }

  async cancel(): Promise<void> {
    await this.dismissWith('Cancel');
  }

  async confirm(): Promise<void> {
    await this.dismissWith(`Delete ${this.noun}`);
  }
}

/**
 * A section listing items (projects, datasets) in a table, with a "New …" form, a status notice, and per row Rename (in
 * place) and Delete (with a confirmation).
 */
export abstract class ItemsPage {
  /** `noun` as in "New project", `plural` as the table's name ("Projects"). */
  constructor(
    readonly page: Page,
    readonly noun: string,
    readonly plural: string,
  ) {}

  /** The item's row. */
  abstract row(name: string): Locator;

  get form(): Locator {
    return this.page.getByRole('form', { name: `New ${this.noun}` });
  }

  get table(): Locator {
    return this.page.getByRole('table', { name: this.plural });
  }

  get notice(): Locator {
    return this.page.getByRole('status').filter({ hasText: new RegExp(this.noun, 'i') });
  }

  /** Names in table order. */
  async names(): Promise<string[]> {
    return (await this.table.locator(`tbody .${this.noun}-name`).allTextContents()).map((s) => s.trim());
  }

  rowButton(name: string, label: string): Locator {
    return this.row(name).getByRole('button', { name: label });
  }

  async startRename(name: string): Promise<Locator> {
    await this.rowButton(name, `Rename ${name}`).click();
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
    await this.rowButton(name, `Delete ${name}`).click();
    return this.deleteDialog(name).opened();
  }

  /** The confirmation requestDelete waits for. */
  protected deleteDialog(_name: string): DeleteDialog {
    return new DeleteDialog(this.page, this.noun);
  }
}
