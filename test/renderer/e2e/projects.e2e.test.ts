import { describe, expect, it } from 'vitest';
import { useTestBed } from './harness';
import { StudioApp } from './pages/StudioApp';

describe('projects in Chromium against the web host', () => {
  const testBed = useTestBed();

  it('creates a project and lists it; duplicate and empty names get messages next to the name field', async () => {
    const studio = await testBed().startStudio();
    const app = await new StudioApp(await testBed().openPage(studio)).ready();
    const { projects } = app;

    await projects.create('Lung fields pilot', 'Anatomy-aware MAE on the sample set');
    expect(await projects.names()).toEqual(['Lung fields pilot', 'Default project']);
    expect(await projects.row('Lung fields pilot').textContent()).toContain('Anatomy-aware MAE on the sample set');
    await expect.poll(() => app.selectableProjects()).toEqual(['Lung fields pilot', 'Default project']);
    // Creating a project does not switch the current one.
    expect(await app.currentProject()).toBe('Default project');
    expect(await projects.errorFor(projects.nameInput)).toBeNull();

    // Duplicate (names compare without case): the host's conflict message, next to the field.
    await projects.submitNew('lung fields PILOT');
    const conflict = await projects.waitForNameError();
    expect(conflict).toMatch(/already exists/);
    expect(conflict).toContain('Lung fields pilot');
    expect(await projects.names()).toEqual(['Lung fields pilot', 'Default project']);

    // Empty (only spaces): the host's validation message, without the field prefix.
    await projects.submitNew('   ');
    await expect.poll(() => projects.errorFor(projects.nameInput)).toBe('Project name must not be empty.');
    expect(await projects.names()).toHaveLength(2);

    // A valid name clears the message.
    await projects.create('Rib segmentation');
    expect(await projects.errorFor(projects.nameInput)).toBeNull();
    expect(await projects.names()).toEqual(['Rib segmentation', 'Lung fields pilot', 'Default project']);
    expect(testBed().pageErrors).toEqual([]);
  });

  it('renames inline and deletes after a confirmation that names the project', async () => {
    const studio = await testBed().startStudio();
    const app = await new StudioApp(await testBed().openPage(studio)).ready();
    const { projects } = app;
    await projects.create('Draft study');
    await projects.create('Heart border QA');

    // Renaming to a taken name is refused next to the inline field, and the row stays in edit mode.
    const input = await projects.startRename('Draft study');
    await input.fill('Heart border QA');
    await input.press('Enter');
    await expect.poll(() => projects.errorFor(input)).toMatch(/"Heart border QA" already exists/);
    await input.press('Escape');

    await projects.rename('Draft study', 'Clavicle landmarks');
    expect(await projects.names()).toEqual(['Heart border QA', 'Clavicle landmarks', 'Default project']);
    await expect.poll(() => app.selectableProjects()).toContain('Clavicle landmarks');

    // Cancelling the confirmation keeps the project.
    let dialog = await projects.requestDelete('Clavicle landmarks');
    expect(await dialog.title()).toBe('Delete project “Clavicle landmarks”?');
    await dialog.cancel();
    expect(await projects.names()).toContain('Clavicle landmarks');

    // Deleting the current project moves the selection to the newest remaining one.
    await projects.open('Clavicle landmarks');
    expect(await app.currentProject()).toBe('Clavicle landmarks');
    dialog = await projects.requestDelete('Clavicle landmarks');
    await dialog.confirm();
    await projects.row('Clavicle landmarks').waitFor({ state: 'detached' });
    expect(await projects.names()).toEqual(['Heart border QA', 'Default project']);
    await expect.poll(() => app.selectableProjects()).toEqual(['Heart border QA', 'Default project']);
    expect(await app.currentProject()).toBe('Heart border QA');

    // And it is gone from the database, not only from the page.
    const stored = await studio.runtime.dispatcher.call('projects.list', {}, { signal: new AbortController().signal, progress: () => {} });
    expect((stored as { name: string }[]).map((p) => p.name)).toEqual(['Heart border QA', 'Default project']);
    expect(testBed().pageErrors).toEqual([]);
  });

  it('keeps projects across a restart of the host on the same database', async () => {
    const first = await testBed().startStudio();
    let app = await new StudioApp(await testBed().openPage(first)).ready();
    await app.projects.create('Persisted study', 'Must survive a restart');
    await app.projects.rename('Default project', 'Renamed default');

    await testBed().closePages();
    await testBed().stopStudio(first);

    const second = await testBed().startStudio();
    app = await new StudioApp(await testBed().openPage(second)).ready();
    expect(await app.projects.names()).toEqual(['Persisted study', 'Renamed default']);
    expect(await app.projects.row('Persisted study').textContent()).toContain('Must survive a restart');
    expect(testBed().pageErrors).toEqual([]);
  });
});
