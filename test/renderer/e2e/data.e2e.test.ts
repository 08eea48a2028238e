import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ImportSummary, JobSummary } from '../../../app/api/contract';
import { makeImportFolder } from './fixtures/importFolder';
import { useTestBed, type Studio } from './harness';
import { ImageViewer } from './pages/ImageViewer';
import { StudioApp } from './pages/StudioApp';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SHARED_DICOM = path.resolve(repoRoot, '../shared/data/dicom');
const hasSharedDicom = fs.existsSync(SHARED_DICOM);

/** Records every text the import progress line shows, so a fast import still proves its progress was on screen. */
async function recordProgressTexts(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __progressTexts: string[] }).__progressTexts = seen;
    const note = () => {
      const text = document.querySelector('[data-testid="import-progress-text"]')?.textContent?.trim();
      if (text && seen[seen.length - 1] !== text) seen.push(text);
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { __progressTexts: string[] }).__progressTexts);
}

/**
 * Runs an import through the runtime directly (what the CLI does), for comparing with the UI. It goes into a project
 * of its own: duplicates are detected per project, so a second import of the same files there would be all duplicates.
 */
async function importThroughRuntime(studio: Studio, name: string, paths: string[]): Promise<ImportSummary> {
  const ctx = () => ({ signal: new AbortController().signal, progress: () => {} });
  const project = (await studio.runtime.dispatcher.call('projects.create', { name: `${name} project` }, ctx())) as { id: number };
  const projectId = project.id;
  const dataset = (await studio.runtime.dispatcher.call('datasets.create', { projectId, name }, ctx())) as { id: number };
  const job = (await studio.runtime.dispatcher.call('imports.start', { datasetId: dataset.id, paths }, ctx())) as JobSummary;
  const final = (await studio.runtime.dispatcher.call('jobs.watch', { id: job.id }, ctx())) as JobSummary;
  return final.result as ImportSummary;
}

async function openData(studio: Studio, testBed: ReturnType<ReturnType<typeof useTestBed>>): Promise<StudioApp> {
  const app = await new StudioApp(await testBed.openPage(studio)).ready();
  await app.goTo('Data');
  return app;
}

describe('Data page in Chromium against the web host', () => {
  const testBed = useTestBed();

  it('imports a folder with live progress and an exact report, filters to the failure, views and windows images, survives a reload', async () => {
    const folder = await makeImportFolder(testBed().dir);
    const studio = await testBed().startStudio();
    const app = await openData(studio, testBed());
    const { data } = app;
    const { grid } = data;
    await app.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);

    await data.create('Ward 3 PNGs', { longSide: 512, depth: 16 });
    expect(await data.settings('Ward 3 PNGs')).toBe('512 px · 16-bit');
    expect(await data.counts('Ward 3 PNGs')).toEqual({ total: 0, ok: 0, duplicate: 0, noImage: 0, error: 0 });

    // Import: paths typed as on the host, progress on screen, then the report.
    const progressTexts = await recordProgressTexts(app.page);
    const dialog = await data.openImport('Ward 3 PNGs');
    await dialog.start([folder.dir]);
    await dialog.waitForReport();
    expect(await dialog.title()).toBe('Import into “Ward 3 PNGs” finished');
    expect((await progressTexts()).some((t) => /^\d+ \/ 40 files · [\d.]+ images\/s · ETA /.test(t))).toBe(true);
    expect(await dialog.counts()).toEqual({ found: 40, imported: 37, duplicates: 2, noImage: 0, failed: 1, skipped: 0, ignored: 1 });
    const failures = await dialog.failures();
    expect(failures).toHaveLength(1);
    expect(failures[0]![0]).toBe(folder.brokenFile);
    const reason = failures[0]![1];
    expect(reason.length).toBeGreaterThan(5);

    // Copy (clipboard) and Export CSV (a Blob download).
    await dialog.copyReport();
    await expect.poll(() => dialog.reportNotice.textContent()).toBe('Report copied to the clipboard.');
    const copied = await app.page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('Imported: 37\nDuplicates: 2\nNo image: 0\nFailed: 1');
    expect(copied).toContain(`${folder.brokenFile}\t${reason}`);
    const download = await dialog.exportCsv();
    expect(download.suggestedFilename()).toMatch(/^Ward-3-PNGs-import-\d+-failures\.csv$/);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    const quoted = /[",\r\n]/.test(reason) ? `"${reason.replace(/"/g, '""')}"` : reason;
    expect(csv).toBe(`path,reason\r\n${folder.brokenFile},${quoted}\r\n`);
    await dialog.close();

    // The row's counts follow the import.
    await expect.poll(() => data.counts('Ward 3 PNGs')).toEqual({ total: 40, ok: 37, duplicate: 2, noImage: 0, error: 1 });

    // Grid and facet filters with counts.
    await expect.poll(() => grid.total()).toBe(40);
    expect(await grid.facetOptions('Status')).toEqual(['All (40)', 'Imported (37)', 'Duplicate (2)', 'Failed (1)']);
    await grid.filter('Status', 'Failed');
    await expect.poll(() => grid.total()).toBe(1);
    await expect.poll(() => grid.fileNames()).toEqual(['broken-truncated.png']);
    const failedTile = grid.tile('broken-truncated.png');
    expect(await failedTile.getAttribute('data-status')).toBe('error');
    expect(await failedTile.getAttribute('title')).toContain(reason);
    expect(await failedTile.locator('.tile-badge').textContent()).toBe('Failed');
    expect(await failedTile.locator('.tile-placeholder').textContent()).toBe(reason);

    await grid.filter('Status', 'Duplicate');
    await expect.poll(() => grid.fileNames()).toEqual(['zz-copy-of-cxr8-03.png', 'zz-copy-of-cxr16-05.png']);
    expect(await grid.tile('zz-copy-of-cxr8-03.png').locator('.tile-badge').textContent()).toBe('Duplicate');
    await grid.filter('Status', 'All');

    // Search by file name (debounced) and sort.
    await grid.search('cxr16');
    await expect.poll(() => grid.total()).toBe(18);
    await grid.search('');
    await expect.poll(() => grid.total()).toBe(40);
    await grid.sort('File path', true);
    await expect.poll(async () => (await grid.fileNames())[0]).toBe('zz-copy-of-cxr16-05.png');
    await grid.sort('File path', false);
    await expect.poll(async () => (await grid.fileNames()).slice(0, 3)).toEqual(['broken-truncated.png', 'cxr8-00.png', 'cxr8-01.png']);
    // Thumbnails come from /media with the page's cookie.
    await expect
      .poll(() => grid.tile('cxr8-00.png').locator('img').evaluate((img) => (img as HTMLImageElement).naturalWidth))
      .toBeGreaterThan(0);

    // Viewer on an 8-bit image: drag changes window/level, the numbers and the canvas pixels.
    const viewer = await grid.open('cxr8-00.png');
    await viewer.ready();
    expect(await viewer.title()).toBe('cxr8-00.png');
    expect(await viewer.position()).toBe('2 / 40');
    expect(await viewer.metadataValue('Status')).toBe('Imported');
    const points = [
      [0.5, 0.5],
      [0.35, 0.45],
      [0.62, 0.62],
      [0.5, 0.2],
    ] as const;
    const wl0 = await viewer.windowLevel();
    expect(wl0).toEqual({ width: 255, level: 128 }); // no VOI in a PNG: Default = full range of 8 bits
    expect(await viewer.preset('Default').getAttribute('aria-pressed')).toBe('true');
    const before = await viewer.pixels(points);
    await viewer.drag(-150, -40);
    const wl1 = await viewer.windowLevel();
    expect(wl1.width).toBeLessThan(wl0.width);
    expect(wl1.level).toBeLessThan(wl0.level);
    const after = await viewer.pixels(points);
    expect(after).not.toEqual(before);
    expect(await viewer.preset('Default').getAttribute('aria-pressed')).toBe('false');

    // Presets from the histogram, then back to the default.
    await viewer.preset('Lung').click();
    expect(await viewer.preset('Lung').getAttribute('aria-pressed')).toBe('true');
    const lung = await viewer.windowLevel();
    expect(lung).not.toEqual(wl0);
    await viewer.preset('Bone').click();
    expect((await viewer.windowLevel()).level).toBeGreaterThan(lung.level);
    await viewer.preset('Default').click();
    expect(await viewer.windowLevel()).toEqual(wl0);
    await expect.poll(() => viewer.pixels(points)).toEqual(before);

    // Invert flips the grays.
    await viewer.button('Invert').click();
    const inverted = await viewer.pixels(points);
    for (const [i, px] of inverted.entries()) expect(px[0]).toBe(255 - before[i]![0]!);
    await viewer.button('Invert').click();

    // Zoom with the wheel around the cursor, back to fit.
    const fitted = await viewer.zoom();
    await viewer.wheel(-300);
    await expect.poll(() => viewer.zoom()).not.toBe(fitted);
    expect(await viewer.button('Fit').getAttribute('aria-pressed')).toBe('false');
    await viewer.button('Fit').click();
    expect(await viewer.zoom()).toBe(fitted);
    await viewer.button('1:1').click();
    expect(await viewer.zoom()).toBe('100%');
    await viewer.button('Fit').click();

    // Pan (the tool, and Space held) moves the image without touching the window.
    const wlBeforePan = await viewer.windowLevel();
    const beforePan = await viewer.pixels(points);
    await viewer.button('Pan').click();
    await viewer.drag(90, 0);
    await expect.poll(() => viewer.pixels(points)).not.toEqual(beforePan);
    expect(await viewer.windowLevel()).toEqual(wlBeforePan);
    await viewer.button('Window').click();
    await viewer.button('Fit').click();
    await expect.poll(() => viewer.pixels(points)).toEqual(beforePan);
    await viewer.surface.click();
    await app.page.keyboard.down(' ');
    await viewer.drag(0, 70);
    await app.page.keyboard.up(' ');
    await expect.poll(() => viewer.pixels(points)).not.toEqual(beforePan);
    expect(await viewer.windowLevel()).toEqual(wlBeforePan);
    await viewer.press('f');

    // ←/→ through the filtered order; the failed file shows its reason instead of pixels.
    await viewer.press('ArrowRight');
    await expect.poll(() => viewer.title()).toBe('cxr8-01.png');
    expect(await viewer.position()).toBe('3 / 40');
    await viewer.press('ArrowLeft');
    await expect.poll(() => viewer.title()).toBe('cxr8-00.png');
    await viewer.press('ArrowLeft');
    await expect.poll(() => viewer.title()).toBe('broken-truncated.png');
    await expect.poll(() => viewer.message.textContent()).toBe(reason);
    await viewer.press('ArrowLeft');
    expect(await viewer.position()).toBe('1 / 40');
    await viewer.close();

    // A 16-bit image: the numbers are in its own units, and drag works the same.
    await grid.search('cxr16-00');
    await expect.poll(() => grid.total()).toBe(1);
    const viewer16 = await grid.open('cxr16-00.png');
    await viewer16.ready();
    const wl16 = await viewer16.windowLevel();
    expect(wl16.width).toBeGreaterThan(255);
    const before16 = await viewer16.pixels(points);
    await viewer16.drag(200, 80);
    const wl16b = await viewer16.windowLevel();
    expect(wl16b.width).toBeGreaterThan(wl16.width);
    expect(wl16b.level).toBeGreaterThan(wl16.level);
    expect(await viewer16.pixels(points)).not.toEqual(before16);
    await viewer16.close();
    await grid.search('');

    // Reload: the dataset, its counts and its images are still there.
    await app.page.reload();
    await app.ready().catch(() => undefined);
    await data.table.waitFor();
    await expect.poll(() => data.counts('Ward 3 PNGs')).toEqual({ total: 40, ok: 37, duplicate: 2, noImage: 0, error: 1 });
    await expect.poll(() => grid.total()).toBe(40);
    // The finished import's report is still reachable in this host session (re-attached through jobs.list).
    expect(await data.importState('Ward 3 PNGs').textContent()).toBe('Import finished');
    const again = await data.showImport('Ward 3 PNGs');
    expect(await again.counts()).toMatchObject({ imported: 37, duplicates: 2, failed: 1 });
    await again.close();

    expect(testBed().pageErrors).toEqual([]);
  });

  it('pages through 100,000 images on demand: few DOM tiles, a few 200-row pages, end of the list reachable', async () => {
    const studio = await testBed().startStudio({
      beforeListen: async (runtime) => {
        const ctx = { signal: new AbortController().signal, progress: () => {} };
        const dataset = (await runtime.dispatcher.call('datasets.create', { projectId: 1, name: 'Bulk' }, ctx)) as { id: number };
        runtime.store.db
          .prepare(
            `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99999)
             INSERT INTO images (dataset_id, source_path, status, error) SELECT ?, printf('/bulk/%06d.dcm', i), 'no_image', 'no Pixel Data (synthetic row)' FROM n`,
          )
          .run(dataset.id);
      },
    });
    const { data, page } = await openData(studio, testBed());
    const { grid } = data;
    await data.select('Bulk');
    await expect.poll(() => grid.total()).toBe(100_000);
    await expect.poll(async () => (await grid.fileNames())[0]).toBe('000000.dcm');
    const inDom = async () => grid.list.locator('[role="listitem"]').count();
    expect(await inDom()).toBeLessThan(200);

    // Jump to the middle and to the end: only the pages in view are fetched.
    const scrollTo = (fraction: number) =>
      page.locator('.grid-scroll').evaluate((el, f) => {
        el.scrollTop = f * (el.scrollHeight - el.clientHeight);
      }, fraction);
    await scrollTo(0.5);
    await expect.poll(async () => (await grid.fileNames()).some((n) => /^04\d{4}\.dcm$|^05\d{4}\.dcm$/.test(n))).toBe(true);
    await scrollTo(1);
    await expect.poll(async () => (await grid.fileNames()).at(-1)).toBe('099999.dcm');
    expect(await inDom()).toBeLessThan(200);
    const listCalls = testBed()
      .wire.filter((f) => f.direction === 'sent' && f.message.op === 'images.list')
      .map((f) => (f.message as unknown as { input: { offset: number; limit: number } }).input);
    expect(listCalls.every((c) => c.limit === 200)).toBe(true);
    expect(listCalls.length).toBeLessThan(12);
    expect(listCalls.some((c) => c.offset === 99_800)).toBe(true);

    // Keyboard: End and Home move the focus across all 100,000, scrolling as needed; Enter opens the viewer.
    await scrollTo(0);
    await grid.tile('000000.dcm').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => grid.focusedFileName()).toBe('000001.dcm');
    await page.keyboard.press('End');
    await expect.poll(() => grid.focusedFileName()).toBe('099999.dcm');
    await page.keyboard.press('Home');
    await expect.poll(() => grid.focusedFileName()).toBe('000000.dcm');
    await page.keyboard.press('End');
    await expect.poll(() => grid.focusedFileName()).toBe('099999.dcm');

    // The viewer steps through the same order at the end of the list.
    await page.keyboard.press('Enter');
    const viewer = new ImageViewer(page);
    await viewer.root.waitFor();
    expect(await viewer.position()).toBe('100,000 / 100,000');
    await expect.poll(() => viewer.message.textContent()).toBe('no Pixel Data (synthetic row)');
    await viewer.press('ArrowLeft');
    await expect.poll(() => viewer.title()).toBe('099998.dcm');
    await viewer.close();
    expect(testBed().pageErrors).toEqual([]);
  });

  it('a new installation gets its sample dataset of phantoms, browsable in the grid and the viewer', async () => {
    const previous = process.env.CXR_SAMPLE_IMAGES;
    process.env.CXR_SAMPLE_IMAGES = '6';
    let studio: Studio;
    try {
      studio = await testBed().startStudio();
    } finally {
      if (previous === undefined) delete process.env.CXR_SAMPLE_IMAGES;
      else process.env.CXR_SAMPLE_IMAGES = previous;
    }
    const { data } = await openData(studio, testBed());
    // The row appears when the sample job has made the dataset; its counts follow the job to the end.
    await expect.poll(() => data.names(), { timeout: 60_000 }).toContain('Sample (synthetic)');
    await expect.poll(() => data.counts('Sample (synthetic)'), { timeout: 60_000 }).toEqual({ total: 6, ok: 6, duplicate: 0, noImage: 0, error: 0 });
    expect(await data.row('Sample (synthetic)').locator('.badge').textContent()).toBe('sample');
    await data.select('Sample (synthetic)');
    await expect.poll(() => data.grid.total()).toBe(6);
    const first = (await data.grid.fileNames())[0]!;
    const viewer = await data.grid.open(first);
    await viewer.ready();
    expect(await viewer.metadataValue('Status')).toBe('Imported');
    await viewer.close();
    expect(testBed().pageErrors).toEqual([]);
  });

  it('creates, validates, renames and deletes datasets (with a confirmation)', async () => {
    const studio = await testBed().startStudio();
    const { data, page } = await openData(studio, testBed());

    await data.create('Pilot');
    await data.create('Follow-up', { longSide: 2048, depth: 8 });
    expect(await data.settings('Follow-up')).toBe('2048 px · 8-bit');
    expect(await data.names()).toEqual(expect.arrayContaining(['Pilot', 'Follow-up']));

    // The host's messages land next to their fields.
    await data.openForm();
    await data.form.getByLabel('Name', { exact: true }).fill('pilot');
    await data.form.getByRole('button', { name: 'Create dataset' }).click();
    await expect.poll(() => data.form.locator('#new-dataset-name-error').textContent()).toMatch(/already/i);
    await data.form.getByLabel('Name', { exact: true }).fill('Too small');
    await data.form.getByLabel('Working resolution').fill('32');
    await data.form.getByRole('button', { name: 'Create dataset' }).click();
    await expect.poll(() => data.form.locator('#new-dataset-long-side-error').textContent()).toBe('Working resolution must be at least 64 px.');

    // A path that is not on the host: the job fails with the host's reason, shown in the dialog.
    const dialog = await data.openImport('Pilot');
    await dialog.start(['/no/such/folder']);
    await expect.poll(() => dialog.title()).toBe('Import into “Pilot” failed');
    expect(await dialog.error.textContent()).toContain('/no/such/folder: does not exist');
    await dialog.close();

    await data.rename('Pilot', 'Pilot (CR)');
    expect(await data.names()).toContain('Pilot (CR)');

    // Cancel keeps it; confirm deletes it.
    await data.row('Follow-up').getByRole('button', { name: 'Delete Follow-up' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete dataset “Follow-up”?' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'hidden' });
    expect(await data.names()).toContain('Follow-up');
    await data.delete('Follow-up');
    expect(await data.names()).not.toContain('Follow-up');

    const stored = (await studio.runtime.dispatcher.call('datasets.list', { projectId: 1 }, { signal: new AbortController().signal, progress: () => {} })) as {
      name: string;
    }[];
    expect(stored.map((d) => d.name)).toContain('Pilot (CR)');
    expect(stored.map((d) => d.name)).not.toContain('Follow-up');
    expect(testBed().pageErrors).toEqual([]);
  });

  it('re-attaches to a running import after a reload and cancels it', async () => {
    // Many hard links to one large 16-bit noise PNG: every path is decoded (then linked as a duplicate), which takes
    // long enough to reload the page in the middle.
    const source = path.join(testBed().dir, 'slow');
    fs.mkdirSync(source);
    const { default: sharp } = await import('sharp');
    const side = 1536;
    const noise = new Uint16Array(side * side);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 16;
    const first = path.join(source, 'noise-0000.png');
    await sharp(noise, { raw: { width: side, height: side, channels: 1 } }).toColourspace('grey16').png({ compressionLevel: 1 }).toFile(first);
    const count = 3000;
    for (let i = 1; i < count; i++) fs.linkSync(first, path.join(source, `noise-${String(i).padStart(4, '0')}.png`));

    const studio = await testBed().startStudio();
    const app = await openData(studio, testBed());
    const { data } = app;
    await data.create('Slow import');
    let dialog = await data.openImport('Slow import');
    await dialog.start([source]);
    await expect.poll(() => dialog.done(), { timeout: 30_000 }).toBeGreaterThan(0);

    await app.page.reload();
    await data.table.waitFor();
    await expect.poll(() => data.importState('Slow import').textContent()).toMatch(/^Importing [\d,]+ \/ 3,000$/);
    dialog = await data.showImport('Slow import');
    expect(await dialog.title()).toBe('Importing into “Slow import”');
    const seen = await dialog.done();
    await expect.poll(() => dialog.done(), { timeout: 30_000 }).toBeGreaterThan(seen);
    expect(await dialog.progressText.textContent()).toMatch(/^[\d,]+ \/ 3,000 files · [\d.]+ images\/s · ETA /);

    await dialog.cancel();
    await dialog.waitForReport(30_000);
    expect(await dialog.title()).toBe('Import into “Slow import” cancelled');
    const counts = await dialog.counts();
    expect(counts.found).toBe(3000);
    expect(counts.imported + counts.duplicates).toBeLessThan(3000);
    await dialog.close();

    const jobs = studio.runtime.jobs.list().filter((j) => j.kind === 'import');
    expect(jobs).toHaveLength(1);
    expect((jobs[0]!.result as ImportSummary).status).toBe('cancelled');
    expect(testBed().pageErrors).toEqual([]);
  });

  it.skipIf(!hasSharedDicom)(
    hasSharedDicom
      ? 'imports the shared DICOM folder through the UI with the same counts as the runtime (CLI) import'
      : `imports the shared DICOM folder (SKIPPED: ${SHARED_DICOM} is absent)`,
    async () => {
      const studio = await testBed().startStudio();
      const { data } = await openData(studio, testBed());
      await data.create('NEMA DICOM');
      const dialog = await data.openImport('NEMA DICOM');
      await dialog.start([SHARED_DICOM]);
      await dialog.waitForReport(120_000);

      // The same import through the runtime, in a project of its own (created after the page chose its project).
      const reference = await importThroughRuntime(studio, 'Reference (runtime)', [SHARED_DICOM]);
      // The lead's CLI measurement of this folder.
      expect(reference).toMatchObject({ found: 37, imported: 21, noImage: 6, failed: 10 });
      expect(await dialog.counts()).toEqual({
        found: reference.found,
        imported: reference.imported,
        duplicates: reference.duplicates,
        noImage: reference.noImage,
        failed: reference.failed,
        skipped: reference.skipped,
        ignored: reference.ignored,
      });
      expect((await dialog.failures()).map(([p]) => p).sort()).toEqual(reference.failures.map((f) => f.path).sort());
      await dialog.close();

      // A MONOCHROME1 CR opens with bone bright under its own window.
      await data.grid.search('RG3_UNC');
      await expect.poll(() => data.grid.total()).toBe(1);
      const viewer = await data.grid.open('RG3_UNC.dcm');
      await viewer.ready();
      expect(await viewer.metadataValue('Modality')).toBe('CR');
      const wl = await viewer.windowLevel();
      await viewer.drag(100, 0);
      expect((await viewer.windowLevel()).width).toBeGreaterThan(wl.width);
      await viewer.close();
      expect(testBed().pageErrors).toEqual([]);
    },
    180_000,
  );
});
