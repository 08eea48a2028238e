import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { insideImage } from '../../../app/annotations/geometry';
import type { JobSummary } from '../../../app/api/contract';
import type { SampleSetManifest } from '../../../app/phantom/sample-set';
import { caller, useRuntimes } from './helpers';

const { start } = useRuntimes('cxr-phantom-atlas-');

/**
 * The issue's synthetic-phantom test: annotate phantoms from their exact ground truth through the API, one image
 * at a time, and check that the atlas suggestion gets closer to the truth as more images are annotated.
 */
describe('atlas suggestions on synthetic phantoms', () => {
  it('the suggestion error falls as more images are annotated', { timeout: 180_000 }, async () => {
    const { runtime } = start({ sampleImages: 30, importWorkers: 2 });
    const call = caller(runtime);
    const [job] = (await call('jobs.list', {})) as JobSummary[];
    expect(job?.kind).toBe('sample');
    const ended = await call('jobs.watch', { id: job!.id });
    expect(ended.state, JSON.stringify(ended.error)).toBe('finished');

    const samples = path.join(runtime.dataDir, 'samples');
    const dir = fs.readdirSync(samples).find((d) => d.startsWith('phantom-'))!;
    const manifest = JSON.parse(fs.readFileSync(path.join(samples, dir, 'landmarks.json'), 'utf8')) as SampleSetManifest;
    expect(manifest.images).toHaveLength(30);

    const [dataset] = await call('datasets.list', { projectId: 1 });
    const listed = await call('images.list', { datasetId: dataset!.id, limit: 1000 });
    const idOf = new Map(listed.items.map((i) => [i.fileName, i.id]));
    const [template] = await call('templates.list', { projectId: 1 });
    expect(template!.points.map((p) => p.id)).toEqual(manifest.landmarkNames);

    const truth = manifest.images.map((img) => ({ imageId: idOf.get(img.file)!, ...img }));
    expect(truth.every((t) => t.imageId !== undefined)).toBe(true);
    const heldOut = truth.slice(25);
    const annotator = 'ground truth';

    /** Mean distance (original pixels) between suggested and true positions over the given images. */
    async function error(images: typeof truth): Promise<number> {
      let sum = 0;
      let n = 0;
      for (const img of images) {
        const s = await call('annotations.suggest', { imageId: img.imageId, templateId: template!.id });
        expect(s.available).toBe(true);
        for (const p of s.points) {
          const [x, y] = img.landmarks[p.landmark]!;
          sum += Math.hypot(p.x - x, p.y - y);
          n++;
        }
      }
      return sum / n;
    }

    const curve: { annotated: number; nextImage: number; heldOut: number }[] = [];
    const checkpoints = new Set([1, 2, 5, 10, 20, 25]);
    const started = performance.now();
    for (let k = 0; k < 25; k++) {
      const img = truth[k]!;
      const changes = template!.points.map((p) => {
        const [x, y] = img.landmarks[p.id]!;
        return insideImage(x, y, img.width, img.height) ? { landmark: p.id, state: 'placed' as const, x, y } : { landmark: p.id, state: 'absent' as const };
      });
      const after = await call('annotations.set', { imageId: img.imageId, templateId: template!.id, annotator, changes });
      expect(after.status.placed + after.status.absent).toBe(14);
      await call('annotations.setStatus', { imageId: img.imageId, templateId: template!.id, annotator, status: 'done', addSeconds: 1 });
      if (checkpoints.has(k + 1)) curve.push({ annotated: k + 1, nextImage: await error([truth[k + 1]!]), heldOut: await error(heldOut) });
    }
    const perImageMs = (performance.now() - started) / 25;
    console.info(
      `atlas suggestion error vs annotated images (px, 512-px phantoms):\n${curve.map((c) => `  ${String(c.annotated).padStart(2)} images: next ${c.nextImage.toFixed(2)}, held-out mean ${c.heldOut.toFixed(2)}`).join('\n')}\n  (${perImageMs.toFixed(1)} ms per image for set + status + suggestions through the dispatcher)`,
    );
    const at = (k: number) => curve.find((c) => c.annotated === k)!;
    expect(at(20).heldOut).toBeLessThan(at(2).heldOut);
    expect(at(10).heldOut).toBeLessThan(at(1).heldOut);
    // Averaged over the next images too (a single next image can be unusually close to a 2-image mean by chance).
    expect((at(20).nextImage + at(25).nextImage) / 2).toBeLessThan((at(1).nextImage + at(2).nextImage) / 2);

    const q = await call('annotations.queue', { datasetId: dataset!.id, templateId: template!.id, annotator });
    expect(q.progress).toMatchObject({ total: 30, done: 25, notStarted: 5, medianSecondsPerImage: 1 });
    expect(q.items.slice(0, 5).every((i) => i.status === 'not_started')).toBe(true);
  });
});
