import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importPhantoms } from '../../helpers/phantom-dataset';
import { useTestBed, type Studio, type TestBed } from './harness';
import { AnnotatePage } from './pages/AnnotatePage';
import type { Point } from './pages/AnnotatorView';
import { StudioApp } from './pages/StudioApp';

const SIZE = 384;
const ORIGINAL = { width: SIZE, height: SIZE };
/** The working copy is 256 px: every click is mapped from a 2/3-scale cache back to the original frame. */
const LONG_SIDE = 256;
const SHOTS = process.env.CXR_SCREENSHOTS;

async function openAnnotate(testBed: TestBed, studio: Studio, project: string): Promise<{ app: StudioApp; annotate: AnnotatePage }> {
  const app = await new StudioApp(await testBed.openPage(studio)).ready();
  await app.projectSelector.selectOption({ label: project });
  await app.goTo('Annotate');
  return { app, annotate: await new AnnotatePage(app.page).ready() };
}

async function shot(view: { page: { screenshot(o: { path: string }): Promise<unknown> } }, name: string): Promise<void> {
  if (SHOTS) await view.page.screenshot({ path: `${SHOTS}/${name}.png` });
}

const rounded = (p: { x: number; y: number }): Point => ({ x: Math.round(p.x), y: Math.round(p.y) });

/** Operations straight through the studio's dispatcher, to check what the UI stored. */
function caller(studio: Studio) {
  return async <T>(op: string, input: unknown): Promise<T> =>
    (await studio.runtime.dispatcher.call(op as never, input as never, { signal: new AbortController().signal, progress: () => {} })) as T;
}

describe('Annotate page in Chromium against the web host', () => {
  const testBed = useTestBed();

  it('creates a template, annotates with mouse and keyboard, undoes, marks absent, survives a reload, exports CSV and COCO', async () => {
    const studio = await testBed().startStudio();
    const phantoms = await importPhantoms(studio.runtime, testBed().dir, { count: 3, size: SIZE, longSide: LONG_SIDE });
    const { app, annotate } = await openAnnotate(testBed(), studio, 'Landmarks');
    const { page } = app;

    await shot(annotate, 'annotate-no-annotator');
    await annotate.setAnnotator('alice');
    // A template of the first three chest points, the third may be absent.
    const templates = await annotate.openTemplates();
    expect(await templates.names()).toEqual(['Chest (14 landmarks)']);
    const editor = await templates.create('Apices and right CP angle');
    expect((await editor.pointNames()).slice(0, 3)).toEqual(['Right lung apex', 'Left lung apex', 'Right costophrenic angle']);
    await editor.keepFirst(3);
    await editor.setMayBeAbsent('Right costophrenic angle', true);
    await shot(editor, 'template-editor');
    await editor.save();
    await editor.closed();
    await expect.poll(() => templates.names()).toEqual(['Chest (14 landmarks)', 'Apices and right CP angle']);
    await templates.close();
    await expect.poll(() => annotate.selectedTemplate()).toBe('Apices and right CP angle · 3 points');

    expect(await annotate.rows()).toEqual([
      { file: 'phantom-00000.png', status: 'Not started', placed: '0 / 3', absent: '0' },
      { file: 'phantom-00001.png', status: 'Not started', placed: '0 / 3', absent: '0' },
      { file: 'phantom-00002.png', status: 'Not started', placed: '0 / 3', absent: '0' },
    ]);
    expect(await annotate.progress()).toEqual({ done: 0, total: 3 });
    await shot(annotate, 'annotate-queue');

    const view = await annotate.start();
    await view.ready('phantom-00000.png');
    const truth = phantoms.manifest.images[0]!.landmarks;
    const p1 = rounded({ x: truth.right_lung_apex![0], y: truth.right_lung_apex![1] });
    const p2 = rounded({ x: truth.left_lung_apex![0], y: truth.left_lung_apex![1] });
    const p3 = rounded({ x: truth.right_costophrenic_angle![0], y: truth.right_costophrenic_angle![1] });
    await expect.poll(() => view.currentLandmark()).toBe('Right lung apex');

    // Mouse: each click places the current landmark and moves on.
    await view.clickAt(ORIGINAL, p1);
    await expect.poll(() => view.currentLandmark()).toBe('Left lung apex');
    await view.clickAt(ORIGINAL, p2);
    await view.clickAt(ORIGINAL, p3);
    await expect.poll(async () => (await view.landmarks()).map((l) => l.state)).toEqual(['placed', 'placed', 'placed']);
    await shot(view, 'annotator-three');

    // Keyboard: undo the third (redo and undo again), mark it absent; nudge the second one pixel right; lock the first.
    await view.press('Control+z');
    await expect.poll(async () => (await view.landmarks()).map((l) => l.state)).toEqual(['placed', 'placed', 'unset']);
    await view.press('Control+Shift+z');
    await expect.poll(async () => (await view.landmarks()).map((l) => l.state)).toEqual(['placed', 'placed', 'placed']);
    await view.press('Control+z');
    await expect.poll(async () => (await view.landmarks()).map((l) => l.state)).toEqual(['placed', 'placed', 'unset']);
    await expect.poll(() => view.notice()).toBe(`Undid: Placed Right costophrenic angle at ${p3.x}, ${p3.y}`);
    await expect.poll(() => view.currentLandmark()).toBe('Right costophrenic angle');
    await view.press('a');
    await view.press('ArrowUp');
    await expect.poll(() => view.currentLandmark()).toBe('Left lung apex');
    await view.press('Shift+ArrowRight');
    await view.press('ArrowUp');
    await view.press('l');
    await view.press('Backspace');
    await expect.poll(() => view.notice()).toMatch(/locked/);
    await view.saved();
    expect((await view.landmarks()).map((l) => l.state)).toEqual(['placed, locked', 'placed', 'absent']);
    expect(await view.status()).toBe('In progress');

    // Right-drag windows the image (nothing is placed); key 1 goes back to the default window.
    const defaultWindow = await view.windowLevel();
    const box = (await view.surface.boundingBox())!;
    await view.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await view.page.mouse.down({ button: 'right' });
    await view.page.mouse.move(box.x + box.width / 2 + 80, box.y + box.height / 2 + 40, { steps: 4 });
    await view.page.mouse.up({ button: 'right' });
    await expect.poll(() => view.windowLevel()).not.toBe(defaultWindow);
    await view.press('1');
    await expect.poll(() => view.windowLevel()).toBe(defaultWindow);
    expect((await view.landmarks()).map((l) => l.state)).toEqual(['placed, locked', 'placed', 'absent']);

    // `?` shows the shortcut sheet.
    await view.press('?');
    await view.shortcutSheet.waitFor();
    await shot(view, 'annotator-shortcuts');
    await view.press('?');
    await view.shortcutSheet.waitFor({ state: 'hidden' });

    // Next image: one more point there.
    await view.press('n');
    await view.ready('phantom-00001.png');
    const q1 = rounded({ x: phantoms.manifest.images[1]!.landmarks.right_lung_apex![0], y: phantoms.manifest.images[1]!.landmarks.right_lung_apex![1] });
    await view.clickAt(ORIGINAL, q1);
    // Drag it a little: the point moves, nothing else is placed.
    const q1moved = { x: q1.x + 6, y: q1.y + 4 };
    await view.dragFrom(ORIGINAL, q1, q1moved);
    await expect.poll(() => view.notice()).toBe(`Moved Right lung apex to ${q1moved.x}, ${q1moved.y}`);
    // Zoom around the current landmark, and back to fit.
    const fitZoom = await view.zoom();
    await view.press('z');
    await expect.poll(async () => parseInt(await view.zoom(), 10)).toBeGreaterThan(3 * parseInt(fitZoom, 10));
    await view.press('f');
    await expect.poll(() => view.zoom()).toBe(fitZoom);
    await view.saved();

    // Time on the open image is reported when the page goes away (closed tab, reload), though the image was never left.
    const call = caller(studio);
    const secondsOn = async (fileName: string) => {
      const images = await call<{ items: { id: number; fileName: string }[] }>('images.list', { datasetId: phantoms.datasetId, limit: 10 });
      const imageId = images.items.find((i) => i.fileName === fileName)!.id;
      const templateId = Number(await annotate.templateSelect.inputValue());
      return (await call<{ status: { secondsSpent: number } }>('annotations.image', { imageId, templateId, annotator: 'alice' })).status.secondsSpent;
    };
    expect(await secondsOn('phantom-00001.png')).toBe(0);

    // Reload: the session comes back, and everything is as it was left.
    await page.reload();
    await expect.poll(() => secondsOn('phantom-00001.png')).toBeGreaterThan(0);
    const again = await new AnnotatePage(page).ready();
    await expect.poll(() => again.annotatorInput.inputValue()).toBe('alice');
    await expect.poll(() => again.selectedTemplate()).toBe('Apices and right CP angle · 3 points');
    await expect.poll(() => again.rows()).toEqual([
      { file: 'phantom-00002.png', status: 'Not started', placed: '0 / 3', absent: '0' },
      { file: 'phantom-00000.png', status: 'In progress', placed: '2 / 3', absent: '1' },
      { file: 'phantom-00001.png', status: 'In progress', placed: '1 / 3', absent: '0' },
    ]);
    await shot(again, 'annotate-queue-after');
    const reopened = await again.open('phantom-00000.png');
    await reopened.ready('phantom-00000.png');
    expect((await reopened.landmarks()).map((l) => l.state)).toEqual(['placed, locked', 'placed', 'absent']);
    await reopened.close();

    // Export CSV and COCO: the clicked pixels, in the original frame.
    const exchange = await again.openExchange();
    const csvFile = await exchange.export('CSV');
    expect(csvFile.suggestedFilename()).toBe('Phantoms-Apices-and-right-CP-angle.csv');
    const csv = fs.readFileSync((await csvFile.path())!, 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('image,landmark,x,y,x_norm,y_norm,status,annotator,timestamp');
    const norm = (v: number, size: number) => String(Number(((v + 0.5) / size).toFixed(6)));
    const row = (file: string, id: string, p: Point | null) =>
      p
        ? `${file},${id},${p.x},${p.y},${norm(p.x, SIZE)},${norm(p.y, SIZE)},placed,alice`
        : `${file},${id},,,,,absent,alice`;
    expect(lines.slice(1).map((l) => l.replace(/,[^,]*$/, ''))).toEqual([
      row('phantom-00000.png', 'right_lung_apex', p1),
      row('phantom-00000.png', 'left_lung_apex', { x: p2.x + 1, y: p2.y }),
      row('phantom-00000.png', 'right_costophrenic_angle', null),
      row('phantom-00001.png', 'right_lung_apex', q1moved),
    ]);
    for (const l of lines.slice(1)) expect(l).toMatch(/,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);

    const cocoFile = await exchange.export('COCO keypoints');
    const coco = JSON.parse(fs.readFileSync((await cocoFile.path())!, 'utf8')) as {
      images: unknown[];
      annotations: { image_id: number; keypoints: number[]; num_keypoints: number; attributes: unknown }[];
      categories: { keypoints: string[]; skeleton: number[][] }[];
    };
    expect(coco.images).toEqual([
      { id: 1, file_name: 'phantom-00000.png', width: SIZE, height: SIZE },
      { id: 2, file_name: 'phantom-00001.png', width: SIZE, height: SIZE },
    ]);
    expect(coco.categories[0]!.keypoints).toEqual(['right_lung_apex', 'left_lung_apex', 'right_costophrenic_angle']);
    expect(coco.categories[0]!.skeleton).toEqual([[1, 2]]);
    expect(coco.annotations.map((a) => [a.image_id, a.keypoints, a.num_keypoints, a.attributes])).toEqual([
      [1, [p1.x, p1.y, 2, p2.x + 1, p2.y, 2, 0, 0, 1], 3, { annotator: 'alice' }],
      [2, [q1moved.x, q1moved.y, 2, 0, 0, 0, 0, 0, 0], 1, { annotator: 'alice' }],
    ]);

    // Import the CSV back as a second annotator: preview first, then apply; agreement is perfect.
    await exchange.chooseFile((await csvFile.path())!);
    await exchange.importAs('bob');
    await exchange.preview();
    expect(await exchange.count('placed')).toBe(3);
    expect(await exchange.count('absent')).toBe(1);
    expect(await exchange.count('images')).toBe(2);
    await shot(exchange, 'exchange-preview');
    await exchange.apply();
    await exchange.close();
    const agreement = await again.openAgreement();
    await agreement.table.waitFor();
    const firstRow = (await agreement.table.locator('tbody tr').first().locator('th, td').allTextContents()).map((s) => s.trim());
    expect(firstRow.slice(0, 4)).toEqual(['Right lung apex', '2', '0.0', '0.0']);
    await shot(agreement, 'agreement');
    await agreement.close();

    // Template management: removing an annotated point needs the explicit confirmation the host asks for.
    const manage = await again.openTemplates();
    const edit = await manage.edit('Apices and right CP angle');
    await edit.remove('Right costophrenic angle');
    await edit.save();
    await edit.dropConfirmation.waitFor();
    expect(await edit.dropConfirmation.textContent()).toMatch(/Removing "right_costophrenic_angle" \(2 annotations\) would delete annotations/);
    await shot(edit, 'template-drop-confirmation');
    await edit.confirmDrop();
    await edit.closed();
    await expect.poll(() => again.selectedTemplate()).toBe('Apices and right CP angle · 2 points');
    // Duplicate, export and import JSON, delete.
    await manage.duplicate('Apices and right CP angle');
    await expect.poll(() => manage.names()).toContain('Apices and right CP angle (copy)');
    const json = await manage.exportJson('Apices and right CP angle (copy)');
    expect(json.suggestedFilename()).toBe('Apices-and-right-CP-angle-copy.template.json');
    await manage.importJson((await json.path())!);
    await expect.poll(() => manage.names()).toContain('Apices and right CP angle (copy) (2)');
    await manage.delete('Apices and right CP angle (copy)');
    await expect.poll(() => manage.names()).toEqual(['Chest (14 landmarks)', 'Apices and right CP angle', 'Apices and right CP angle (copy) (2)']);
    await shot(manage, 'templates');
    await manage.close();

    expect(testBed().pageErrors).toEqual([]);
  });

  it('scripted run: 10 phantoms with the 14-point chest template by keyboard and ground-truth clicks, then suggestions; reports the median time per image', async () => {
    const COUNT = 10;
    const studio = await testBed().startStudio();
    const phantoms = await importPhantoms(studio.runtime, testBed().dir, { count: COUNT + 2, size: SIZE, longSide: LONG_SIDE, seed: 61 });
    const { annotate } = await openAnnotate(testBed(), studio, 'Landmarks');
    await annotate.setAnnotator('timer');
    await expect.poll(() => annotate.selectedTemplate()).toBe('Chest (14 landmarks) · 14 points');
    const templateId = Number(await annotate.templateSelect.inputValue());
    const call = caller(studio);

    const view = await annotate.start();
    const wall: number[] = [];
    for (let i = 0; i < COUNT; i++) {
      const image = phantoms.manifest.images[i]!;
      await view.ready(image.file);
      const started = performance.now();
      for (const [id, [x, y]] of Object.entries(image.landmarks)) {
        await view.root.locator(`[data-testid="current-landmark"][data-landmark="${id}"]`).waitFor();
        await view.clickAt(ORIGINAL, { x, y });
      }
      // Every landmark resolved: Enter marks the image done and opens the next.
      await view.press('Enter');
      await view.ready(phantoms.manifest.images[i + 1]!.file);
      wall.push((performance.now() - started) / 1000);
    }
    await view.saved();

    // What was stored: every point on the pixel of its ground truth.
    const queue = await call<{ items: { imageId: number; fileName: string }[]; progress: { done: number; medianSecondsPerImage: number | null } }>(
      'annotations.queue',
      { datasetId: phantoms.datasetId, templateId, annotator: 'timer', status: ['done'] },
    );
    expect(queue.items).toHaveLength(COUNT);
    let worst = 0;
    for (const item of queue.items) {
      const truth = phantoms.manifest.images.find((m) => m.file === item.fileName)!.landmarks;
      const stored = await call<{ landmarks: { landmark: string; x: number; y: number }[] }>('annotations.image', { imageId: item.imageId, templateId, annotator: 'timer' });
      for (const l of stored.landmarks) {
        const [x, y] = truth[l.landmark]!;
        worst = Math.max(worst, Math.abs(l.x - x), Math.abs(l.y - y));
      }
    }
    expect(worst).toBeLessThanOrEqual(0.5 + 1e-9);

    // Suggestions on the next image: atlas ghosts from the 10 done images; drag one onto its ground truth, Enter accepts the rest.
    const next = phantoms.manifest.images[COUNT]!;
    await view.press('g');
    await expect.poll(() => view.ghosts.count()).toBe(14);
    expect(await view.notice()).toMatch(/^14 suggestions from the atlas prior .*Mean position over 10 annotated images/);
    await shot(view, 'annotator-suggestions');
    const ghost = view.ghosts.first();
    const ghostId = (await ghost.getAttribute('data-landmark'))!;
    const ghostBox = (await ghost.locator('.ghost-dot').boundingBox())!;
    const target = (await view.transform(ORIGINAL))({ x: next.landmarks[ghostId]![0], y: next.landmarks[ghostId]![1] });
    await view.page.mouse.move(ghostBox.x + ghostBox.width / 2, ghostBox.y + ghostBox.height / 2);
    await view.page.mouse.down();
    await view.page.mouse.move(target.x, target.y, { steps: 5 });
    await view.page.mouse.up();
    await expect.poll(() => view.ghosts.count()).toBe(13);
    await view.press('Enter');
    await expect.poll(async () => (await view.landmarks()).every((l) => l.state === 'placed, suggested')).toBe(true);
    await view.saved();
    const suggestedImage = await call<{ landmarks: { landmark: string; x: number; y: number; movedBy: number | null; suggestion: { x: number; y: number } | null }[] }>(
      'annotations.image',
      { imageId: (await call<{ items: { imageId: number; fileName: string }[] }>('annotations.queue', { datasetId: phantoms.datasetId, templateId, annotator: 'timer', status: ['in_progress'] })).items[0]!.imageId, templateId, annotator: 'timer' },
    );
    const dragged = suggestedImage.landmarks.find((l) => l.landmark === ghostId)!;
    expect(dragged.movedBy).toBeGreaterThan(0);
    expect(suggestedImage.landmarks.filter((l) => l.landmark !== ghostId).every((l) => l.movedBy === 0)).toBe(true);
    const atlasError = suggestedImage.landmarks.map((l) => Math.hypot(l.suggestion!.x - next.landmarks[l.landmark]![0], l.suggestion!.y - next.landmarks[l.landmark]![1]));
    await view.press('Enter');
    const last = phantoms.manifest.images[COUNT + 1]!.file;
    await view.ready(last);
    await expect.poll(() => view.root.getByTestId('progress-suggestions').textContent()).toBe('14');
    expect(await view.root.getByTestId('progress-moved').textContent()).toMatch(/^0\.0 · [\d.]+ px$/);
    await shot(view, 'annotator-progress');
    // S skips the last image.
    await view.press('s');
    await expect.poll(() => view.status()).toBe('Skipped');
    await view.close();
    await annotate.filter('Skipped');
    await expect.poll(async () => (await annotate.rows()).map((r) => [r.file, r.status])).toEqual([[last, 'Skipped']]);
    await annotate.filter('All');

    const progress = (await call<{ progress: { done: number; medianSecondsPerImage: number | null } }>('annotations.queue', { datasetId: phantoms.datasetId, templateId, annotator: 'timer', limit: 1 })).progress;
    expect(progress.done).toBe(COUNT + 1);
    expect(progress.medianSecondsPerImage).toBeGreaterThan(0);
    const sorted = [...wall].sort((a, b) => a - b);
    const medianWall = (sorted[(COUNT - 1) >> 1]! + sorted[COUNT >> 1]!) / 2;
    const meanAtlas = atlasError.reduce((a, b) => a + b, 0) / atlasError.length;
    console.log(
      `[annotate e2e] ${COUNT} phantoms × 14 landmarks by ground-truth clicks + Enter: median ${medianWall.toFixed(2)} s per image (wall clock, click to next image ready); ` +
        `median active time recorded by the app ${progress.medianSecondsPerImage!.toFixed(2)} s; atlas suggestion error on image ${COUNT + 1}: mean ${meanAtlas.toFixed(1)} px (original ${SIZE} px frame).`,
    );
    await expect.poll(() => annotate.progress()).toEqual({ done: COUNT + 1, total: COUNT + 2 });
    expect(testBed().pageErrors).toEqual([]);
  });
});
