import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import pkg from '../../../package.json' with { type: 'json' };
import { useTestBed } from './harness';
import { StudioApp } from './pages/StudioApp';

describe('renderer shell in Chromium against the web host', () => {
  const testBed = useTestBed();

  it('first start shows the default project, the versions, the database path and the active backend', async () => {
    const studio = await testBed().startStudio();
    const app = await new StudioApp(await testBed().openPage(studio)).ready();

    expect(await app.projects.names()).toEqual(['Default project']);
    expect(await app.currentProject()).toBe('Default project');

    await expect.poll(() => app.statusBar.version.textContent()).toContain(`${pkg.productName} ${pkg.version}`);
    expect(await app.statusBar.version.textContent()).toMatch(/code \S+/);
    expect(await app.statusBar.database.textContent()).toContain(fs.realpathSync(studio.databasePath));

    const report = await studio.runtime.backend();
    expect(report.active).not.toBeNull();
    await expect.poll(() => app.statusBar.backendText()).toBe(`Backend: ${report.summary}`);
    // The tooltip and the popover explain every backend that was tried.
    const tooltip = (await app.statusBar.backendButton.getAttribute('title')) ?? '';
    for (const attempt of report.attempts) expect(tooltip).toContain(`${attempt.name}: `);

    const popover = await app.statusBar.openBackend();
    const rows = await popover.attempts();
    expect(rows.map((r) => r[0])).toEqual(report.attempts.map((a) => a.name));
    expect(rows.find((r) => r[0] === report.active)?.[1]).toBe('active');
    for (const [i, attempt] of report.attempts.entries()) expect(rows[i]?.[2]).toBe(attempt.reason);
    await popover.close();

    expect(testBed().pageErrors).toEqual([]);
  });

  it('navigates to every section', async () => {
    const studio = await testBed().startStudio();
    const app = await new StudioApp(await testBed().openPage(studio)).ready();

    // Explore (issue 7): without a dataset it points to the Data page.
    await app.goTo('Explore');
    expect(await app.navLink('Explore').getAttribute('aria-current')).toBe('page');
    await expect.poll(() => app.page.getByRole('main').textContent()).toContain('This project has no datasets yet');
    // The Data section (issue 3): its dataset area.
    await app.goTo('Data');
    await app.data.newDatasetButton.waitFor();
    // So is Annotate (issue 6): without a dataset it points to the Data page.
    await app.goTo('Annotate');
    await expect.poll(() => app.page.getByRole('main').textContent()).toContain('no dataset yet');
    // Train and Runs are built (issue 5): the new-run form, and the runs list (empty here).
    await app.goTo('Train');
    await app.page.getByRole('form', { name: 'New run' }).waitFor();
    await app.goTo('Runs');
    await expect.poll(() => app.page.getByRole('main').textContent()).toContain('No runs in this project yet');
    await app.goTo('Projects');
    await app.projects.table.waitFor();
  });

  it('probes the backend with live progress and cancels it', async () => {
    const studio = await testBed().startStudio();
    const app = await new StudioApp(await testBed().openPage(studio)).ready();
    const popover = await app.statusBar.openBackend();

    // 1000 matmuls of 1024² take most of a minute on wasm: time to watch and cancel.
    await popover.startProbe(1024, 1000);
    await expect.poll(() => popover.done(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    expect(await popover.progressText.textContent()).toMatch(/^\d+ \/ 1000 matmuls · [\d.]+\/s · ETA (\d+ s|\d+ min \d+ s|\d+ h \d+ min)$/);
    expect(Number(await popover.progressBar.getAttribute('max'))).toBe(1000);

    await popover.cancelProbe();
    await expect.poll(() => popover.outcome.textContent()).toMatch(/^Probe cancelled after \d+ of 1000 matmuls\.$/);
    await popover.progressBar.waitFor({ state: 'detached' });

    // End to end: the page sent {type:'cancel'} for the probe's call id and the host stopped it with code 'cancelled'.
    const call = testBed().wire.find((f) => f.direction === 'sent' && f.message.op === 'compute.probe');
    expect(call).toBeDefined();
    const id = call!.message.id;
    expect(testBed().wire.some((f) => f.direction === 'sent' && f.message.type === 'cancel' && f.message.id === id)).toBe(true);
    await expect
      .poll(() => testBed().wire.find((f) => f.direction === 'received' && f.message.id === id && f.message.type !== 'progress')?.message.error?.code)
      .toBe('cancelled');

    // The backend is free again: a small probe runs to completion and reports its throughput.
    await popover.startProbe(64, 5);
    await expect.poll(() => popover.outcome.textContent(), { timeout: 30_000 }).toMatch(/GFLOP\/s on \S+ \(\d+ threads\)/);

    expect(testBed().pageErrors).toEqual([]);
  });

  it('shows a disconnected banner while the host is down, then reconnects and reloads', async () => {
    const first = await testBed().startStudio();
    const app = await new StudioApp(await testBed().openPage(first)).ready();
    expect(await app.disconnectedBanner.count()).toBe(0);

    await testBed().stopStudio(first);
    await app.disconnectedBanner.waitFor();
    expect(await app.disconnectedBanner.textContent()).toMatch(/Disconnected from the studio host\. Reconnecting/);

    // The host comes back where the page expects it (same port, same token as in the page's cookie),
    // with a project the page has not seen yet.
    await testBed().startStudio({
      port: first.host.port,
      token: first.host.token,
      beforeListen: (runtime) =>
        runtime.dispatcher.call('projects.create', { name: 'Made while away' }, { signal: new AbortController().signal, progress: () => {} }),
    });
    await app.disconnectedBanner.waitFor({ state: 'detached', timeout: 20_000 });
    await app.projects.row('Made while away').waitFor();
    expect(await app.projects.names()).toEqual(['Made while away', 'Default project']);
  });
});
