import { describe, expect, it } from 'vitest';
import { importPhantoms } from '../../helpers/phantom-dataset';
import { useTestBed } from './harness';
import { ExplorePage } from './pages/ExplorePage';
import { StudioApp } from './pages/StudioApp';

/** Eight 256-px phantoms cached at 128 px: the raw-pixels baseline needs no training and answers in well under a second. */
const SIZE = 256;
const ORIGINAL = { width: SIZE, height: SIZE };
const SLOW = { timeout: 60_000, interval: 250 };
/** Co-segmenting 8 images at the page's default 512-px input: ~60 s a K on an AMD EPYC 2-core VM, ~25 s elsewhere. */
const COSEGMENTING = { timeout: 180_000, interval: 500 };
const MATCH = /^Best match at \(\d+\.\d, \d+\.\d\) · similarity -?\d\.\d{3}$/;
const SHOTS = process.env.CXR_SCREENSHOTS;

async function shot(page: { screenshot(o: { path: string }): Promise<unknown> }, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

describe('Explore page in Chromium against the web host', () => {
  const testBed = useTestBed();

  it('finds a clicked point on the key images, live, and co-segments 8 phantoms into K parts', { timeout: 540_000 }, async () => {
    const studio = await testBed().startStudio();
    const phantoms = await importPhantoms(studio.runtime, testBed().dir, { count: 8, size: SIZE, longSide: 128 });
    const app = await new StudioApp(await testBed().openPage(studio)).ready();
    await app.projectSelector.selectOption({ label: 'Landmarks' });
    await app.goTo('Explore');
    const explore = await new ExplorePage(app.page).ready();
    await explore.selectDataset('Phantoms');

    // Both baselines are always there; a project without runs has no checkpoint to offer.
    const options = await explore.sourceOptions();
    expect(options.map((o) => o.value)).toEqual(expect.arrayContaining(['random', 'pixels']));
    expect(options.some((o) => o.value.startsWith('run:'))).toBe(false);
    await explore.selectSource('pixels');

    // The first phantom is the query, the next four the keys. Click its right lung apex.
    const apex = phantoms.manifest.images[0]!.landmarks.right_lung_apex!;
    const point = { x: apex[0], y: apex[1] };
    await explore.queryImage.waitFor();
    await expect.poll(() => explore.keys().count()).toBe(4);
    await explore.clickQuery(ORIGINAL, point);
    const shown = /^Point at \(([\d.]+), ([\d.]+)\)$/.exec(await explore.queryPoint());
    expect(shown).not.toBeNull();
    expect(Math.abs(Number(shown![1]) - point.x)).toBeLessThan(1.5);
    expect(Math.abs(Number(shown![2]) - point.y)).toBeLessThan(1.5);

    await expect.poll(() => explore.heatmapCount(), SLOW).toBe(4);
    await shot(app.page, 'explore-correspondence');
    const captions = await explore.matchCaptions();
    expect(captions).toHaveLength(4);
    for (const c of captions) expect(c).toMatch(MATCH);
    const markers = await explore.matchMarkers();
    expect(markers).toHaveLength(4);
    for (const m of markers) {
      expect(m.x).toBeGreaterThanOrEqual(0);
      expect(m.x).toBeLessThanOrEqual(SIZE);
      expect(m.y).toBeGreaterThanOrEqual(0);
      expect(m.y).toBeLessThanOrEqual(SIZE);
    }

    // Live: another click asks again (one call per click, the earlier one cancelled if still running).
    const calls = () => testBed().wire.filter((f) => f.direction === 'sent' && f.message.type === 'call' && f.message.op === 'explore.correspond').length;
    expect(calls()).toBe(1);
    await explore.clickQuery(ORIGINAL, { x: SIZE / 2, y: SIZE / 2 });
    await expect.poll(() => explore.queryPoint()).toMatch(/^Point at \(12[6-9]\.\d, 12[6-9]\.\d\)$/);
    await expect.poll(calls).toBe(2);
    await expect.poll(() => explore.heatmapCount(), SLOW).toBe(4);

    // Co-segmentation: the first 8 images are chosen; K = 5 by default, then 3 re-runs by itself.
    await explore.openTab('Co-segmentation');
    expect(await explore.chosenCount()).toBe('8 of 8 images chosen');
    await explore.cosegment();
    await expect.poll(() => explore.partNames(), COSEGMENTING).toHaveLength(5);
    expect(await explore.labelMapCount()).toBe(8);
    await shot(app.page, 'explore-cosegment');
    await explore.setParts(3);
    await expect.poll(() => explore.partNames(), COSEGMENTING).toHaveLength(3);
    expect(await explore.summary()).toMatch(/: 3 parts · \d+ clusters, \d+ common foreground · \d+ ms$/);
    expect(await explore.labelMapCount()).toBe(8);

    expect(testBed().pageErrors).toEqual([]);
  });
});
