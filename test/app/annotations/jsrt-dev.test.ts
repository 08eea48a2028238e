import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../../app/api/contract';
import { caller, useRuntimes } from './helpers';

const jsrt = path.resolve(__dirname, '../../../../shared/data/jsrt-dev');
const present = fs.existsSync(path.join(jsrt, 'landmarks.json'));
if (!present) console.warn(`JSRT-dev landmark import check skipped: ${jsrt} is absent`);

const { start } = useRuntimes('cxr-jsrt-');

/** Developer check: real expert-derived landmarks flow through the same import path as user files. */
describe.skipIf(!present)('JSRT-dev contour landmarks', () => {
  it('imports chosen contour indices into the default chest template, matching images by file name', async () => {
    const { runtime, dir } = start();
    const call = caller(runtime);
    const layout = JSON.parse(fs.readFileSync(path.join(jsrt, 'landmarks.json'), 'utf8')) as { images: { image: string }[] };
    const chosen = layout.images.slice(0, 3).map((i) => i.image);
    const src = path.join(dir, 'jsrt');
    fs.mkdirSync(src);
    for (const f of chosen) fs.copyFileSync(path.join(jsrt, 'images', f), path.join(src, f));
    const dataset = await call('datasets.create', { projectId: 1, name: 'JSRT dev' });
    const job = await call('imports.start', { datasetId: dataset.id, paths: [src] });
    const ended = await call('jobs.watch', { id: job.id });
    expect((ended.result as ImportSummary).imported).toBe(3);
    const [chest] = await call('templates.list', { projectId: 1 });
    const content = fs.readFileSync(path.join(jsrt, 'landmarks.json'), 'utf8');

    const preview = await call('annotations.import', { datasetId: dataset.id, templateId: chest!.id, format: 'jsrt', content });
    expect(preview.written).toMatchObject({ placed: 18, images: 3, annotators: ['jsrt'] });
    expect(preview.problems.unknownImages.count).toBe(layout.images.length - 3);
    expect(preview.problems.outOfBounds.count).toBe(0);

    await call('annotations.import', { datasetId: dataset.id, templateId: chest!.id, format: 'jsrt', content, dryRun: false });
    const listed = await call('images.list', { datasetId: dataset.id });
    for (const img of listed.items) {
      const state = await call('annotations.image', { imageId: img.id, templateId: chest!.id, annotator: 'jsrt' });
      const at = (id: string) => state.landmarks.find((l) => l.landmark === id)!;
      // Radiological convention: the patient's right is on the image's left.
      expect(at('right_lung_apex').x!).toBeLessThan(512);
      expect(at('left_lung_apex').x!).toBeGreaterThan(512);
      expect(at('right_costophrenic_angle').y!).toBeGreaterThan(at('right_lung_apex').y! + 200);
      expect(at('left_costophrenic_angle').y!).toBeGreaterThan(at('left_lung_apex').y! + 200);
      expect(state.status.placed).toBe(6);
    }
    // Other indices by choice, into a template made from them.
    const custom = await call('annotations.import', {
      datasetId: dataset.id,
      format: 'jsrt',
      content,
      templateName: 'JSRT heart',
      jsrtPoints: [
        { structure: 'H', index: 9, landmark: 'heart_top' },
        { structure: 'H', index: 0, landmark: 'heart_0' },
      ],
      dryRun: false,
    });
    expect(custom.template).toMatchObject({ name: 'JSRT heart', created: true, points: ['heart_top', 'heart_0'] });
    expect(custom.written.placed).toBe(6);
  });
});
