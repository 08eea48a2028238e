import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli';
import { createRuntime } from '../../../app/runtime';
import { addImages, caller } from './helpers';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir('cxr-annotations-cli-');

const IMAGES = [
  { path: '/data/p1.png', width: 512, height: 512 },
  { path: '/data/p2.png', width: 400, height: 300 },
];

/** A database with a project, two datasets of the same files, and some annotations in the first. */
async function prepare() {
  const dir = tempDir();
  const db = path.join(dir, 'studio.sqlite');
  const runtime = createRuntime({ databasePath: db, dataDir: dir, host: 'cli', sampleImages: 0 });
  const call = caller(runtime);
  const project = await call('projects.create', { name: 'Study' });
  const source = await call('datasets.create', { projectId: project.id, name: 'Source' });
  const target = await call('datasets.create', { projectId: project.id, name: 'Target' });
  const ids = addImages(runtime, source.id, IMAGES);
  addImages(runtime, target.id, IMAGES);
  const [chest] = await call('templates.list', { projectId: project.id });
  await call('annotations.set', {
    imageId: ids.get('/data/p1.png')!,
    templateId: chest!.id,
    annotator: 'alice',
    changes: [
      { landmark: 'carina', state: 'placed', x: 256.5, y: 200.25 },
      { landmark: 'aortic_knob_top', state: 'absent' },
    ],
  });
  await call('annotations.set', { imageId: ids.get('/data/p2.png')!, templateId: chest!.id, annotator: 'bob', changes: [{ landmark: 'cardiac_apex', state: 'placed', x: 300, y: 250 }] });
  await runtime.close();
  return { dir, global: ['--db', db, '--data-dir', dir] };
}

function rows(dbDir: string, dataset: string) {
  const runtime = createRuntime({ databasePath: path.join(dbDir, 'studio.sqlite'), dataDir: dbDir, host: 'cli', sampleImages: 0 });
  try {
    return runtime.store.db
      .prepare(
        `SELECT i.source_path AS file, t.name AS template, a.landmark, a.annotator, a.state, a.x, a.y FROM landmark_annotations a
         JOIN images i ON i.id = a.image_id JOIN datasets d ON d.id = i.dataset_id JOIN landmark_templates t ON t.id = a.template_id
         WHERE d.name = ? ORDER BY file, a.annotator, a.landmark`,
      )
      .all(dataset) as { file: string; template: string; landmark: string; annotator: string; state: string; x: number | null; y: number | null }[];
  } finally {
    void runtime.close();
  }
}

describe('cli annotations', () => {
  for (const format of ['csv', 'json', 'coco', 'mrk']) {
    it(`exports ${format} with the dataset's only template and imports it back (dry run first)`, async () => {
      const { dir, global } = await prepare();
      const out = path.join(dir, 'exports', `landmarks.${format === 'mrk' ? 'mrk.json' : format === 'csv' ? 'csv' : 'json'}`);
      const exported = await cli(['annotations', 'export', '--project', 'study', '--dataset', 'Source', '--format', format, '--out', out, ...global]);
      expect(exported.err).toBe('');
      expect(exported.code).toBe(0);
      expect(exported.out).toMatch(new RegExp(`Wrote ${format} export of "Source" \\(template "Chest \\(14 landmarks\\)"\\) to `));
      expect(fs.readdirSync(path.dirname(out))).toEqual([path.basename(out)]); // atomic write: no temp file left behind

      const dry = await cli(['annotations', 'import', out, '--project', 'Study', '--dataset', 'Target', '--template', 'Chest (14 landmarks)', '--dry-run', ...global]);
      expect(dry.code).toBe(0);
      expect(dry.out).toMatch(/^Dry run: nothing was written\.\nWould write 2 placed and 1 absent landmark\(s\) on 2 image\(s\) of "Target"/);
      expect(rows(dir, 'Target')).toEqual([]);

      const real = await cli(['annotations', 'import', out, '--project', 'Study', '--dataset', 'Target', '--template', 'Chest (14 landmarks)', ...global]);
      expect(real.code).toBe(0);
      expect(real.out).toMatch(/^Wrote 2 placed and 1 absent/);
      const strip = (r: ReturnType<typeof rows>) => r.map(({ file, landmark, annotator, state, x, y }) => ({ file, landmark, annotator, state, x, y }));
      expect(strip(rows(dir, 'Target'))).toEqual(strip(rows(dir, 'Source')));
    });
  }

  it('without --template, import creates a template from the landmark names in the file; --annotator renames', async () => {
    const { dir, global } = await prepare();
    const file = path.join(dir, 'mine.csv');
    fs.writeFileSync(file, 'image,landmark,x,y,status\np1.png,Nose tip,1,2,placed\np2.png,Chin,3,4,placed\np1.png,chin,,,absent\n');
    const r = await cli(['annotations', 'import', file, '--project', 'Study', '--dataset', 'Target', '--annotator', 'carol', '--json', ...global]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.template).toMatchObject({ name: 'mine', created: true, points: ['nose_tip', 'chin'] });
    // "chin" differs from "Chin" only in case: the same landmark.
    expect(report.written).toMatchObject({ placed: 2, absent: 1, annotators: ['carol'] });
    const listed = await cli(['annotations', 'templates', '--project', 'Study', '--json', ...global]);
    const mine = JSON.parse(listed.out).find((t: { name: string }) => t.name === 'mine');
    expect(mine.points.map((p: { id: string; name: string }) => [p.id, p.name])).toEqual([
      ['nose_tip', 'Nose tip'],
      ['chin', 'Chin'],
    ]);
    expect(rows(dir, 'Target').map((r) => [r.file, r.landmark, r.annotator, r.state])).toEqual([
      ['/data/p1.png', 'chin', 'carol', 'absent'],
      ['/data/p1.png', 'nose_tip', 'carol', 'placed'],
      ['/data/p2.png', 'chin', 'carol', 'placed'],
    ]);
  });

  it('export asks to name a template when the dataset has several, and reports usage errors', async () => {
    const { dir, global } = await prepare();
    const file = path.join(dir, 'other.csv');
    fs.writeFileSync(file, 'image,landmark,x,y\np1.png,dot,1,1\n');
    expect((await cli(['annotations', 'import', file, '--project', 'Study', '--dataset', 'Source', ...global])).code).toBe(0);
    const several = await cli(['annotations', 'export', '--project', 'Study', '--dataset', 'Source', '--format', 'csv', '--out', path.join(dir, 'x.csv'), ...global]);
    expect(several.code).toBe(2);
    expect(several.err).toMatch(/annotated with several templates \("Chest \(14 landmarks\)", "other"\); name one with --template/);
    const named = await cli(['annotations', 'export', '--project', 'Study', '--dataset', 'Source', '--template', 'other', '--format', 'csv', '--out', path.join(dir, 'x.csv'), ...global]);
    expect(named.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'x.csv'), 'utf8')).toMatch(/^image,landmark,x,y,x_norm,y_norm,status,annotator,timestamp\r\np1\.png,dot,1,1,/);
    expect((await cli(['annotations', 'export', '--project', 'Study', '--dataset', 'Source', '--format', 'xml', '--out', 'x', ...global])).err).toMatch(/--format must be one of csv, json, coco, mrk/);
    expect((await cli(['annotations', 'import', '--project', 'Study', '--dataset', 'Source', ...global])).code).toBe(2);
    const unknown = await cli(['annotations', 'import', file, '--project', 'Study', '--dataset', 'Nope', ...global]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/No dataset named "Nope". Existing: "Source", "Target"/);
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'image,landmark,x,y\np1.png,dot,1\n');
    expect((await cli(['annotations', 'import', bad, '--project', 'Study', '--dataset', 'Source', ...global])).err).toMatch(/CSV line 2: 3 fields, but the header has 4/);
  });
});
