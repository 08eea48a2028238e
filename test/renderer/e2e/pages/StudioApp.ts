import type { Locator, Page } from 'playwright-core';
import { DataPage } from './DataPage';
import { ProjectsPage } from './ProjectsPage';
import { StatusBar } from './StatusBar';

export type SectionName = 'Projects' | 'Data' | 'Annotate' | 'Train' | 'Explore' | 'Runs';

/** The application shell: navigation, the current-project selector, the connection banner and the status bar. */
export class StudioApp {
  readonly projects: ProjectsPage;
  readonly data: DataPage;
  readonly statusBar: StatusBar;

  constructor(readonly page: Page) {
    this.projects = new ProjectsPage(page);
    this.data = new DataPage(page);
    this.statusBar = new StatusBar(page);
  }

  get navigation(): Locator {
    return this.page.getByRole('navigation', { name: 'Sections' });
  }

  navLink(section: SectionName): Locator {
    return this.navigation.getByRole('link', { name: section, exact: true });
  }

  async goTo(section: SectionName): Promise<void> {
    await this.navLink(section).click();
    await this.heading.filter({ hasText: section }).waitFor();
  }

  get heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  get projectSelector(): Locator {
    return this.page.getByLabel('Current project', { exact: true });
  }

  /** Names in the current-project selector, in order. */
  async selectableProjects(): Promise<string[]> {
    return (await this.projectSelector.locator('option').allTextContents()).map((s) => s.trim());
  }

  async currentProject(): Promise<string> {
    return this.projectSelector.evaluate((el) => {
      const select = el as HTMLSelectElement;
      return select.selectedOptions[0]?.textContent?.trim() ?? '';
    });
  }

  get disconnectedBanner(): Locator {
    return this.page.getByRole('alert').filter({ hasText: 'Disconnected' });
  }

  /** Waits for the first data from the host, i.e. the app is connected and rendered. */
  async ready(): Promise<this> {
    await this.projects.table.waitFor();
    return this;
  }
}
