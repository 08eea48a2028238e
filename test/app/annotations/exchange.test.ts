import { describe, expect, it } from 'vitest';
import type { Runtime } from '../../../app/runtime';
import { addImages, caller, expectApiError, useRuntimes } from './helpers';

const { start } = useRuntimes('cxr-exchange-');

const IMAGES = [
  { path: '/src/one/img-1.png', width: 300, height: 200 },
  { path: '/src/one/img-2.png', width: 64, height: 64 },
  { path: '/src/two/img-3.png', width: 1024, height: 768 },
];
const POINTS = [
  { id: 'r_apex', name: 'Right apex', colour: '#ff0000', partner: 'l_apex' },
  { id: 'l_apex', name: 'Left apex', colour: '#00ff00', partner: 'r_apex' },
  { id: 'carina', name: 'Carina', colour: '#0000ff', description: 'Tracheal, "bifurcation"' },
  { id: 'knob', name: 'Aortic knob', colour: '#ffff00', mayBeAbsent: true },
];
const FORMATS = ['csv', 'json', 'coco', 'mrk'] as const;

async function setup() {
  const { runtime } = start();
  const call = caller(runtime);
  const project = await call('projects.create', { name: 'Exchange' });
  const source = await call('datasets.create', { projectId: project.id, name: 'Source' });
  const ids = addImages(runtime, source.id, IMAGES);
  const template = await call('templates.create', { projectId: project.id, name: 'Four', points: POINTS });
  const set = (file: string, annotator: string, changes: Parameters<typeof call<'annotations.set'>>[1]['changes']) =>
    call('annotations.set', { imageId: ids.get(file)!, templateId: template.id, annotator, changes });
  await set('/src/one/img-1.png', 'alice', [
    { landmark: 'r_apex', state: 'placed', x: 10.25, y: 20.125 },
    { landmark: 'l_apex', state: 'placed', x: 289.3333333333333, y: 0, locked: true },
    { landmark: 'knob', state: 'absent' },
  ]);
  await set('/src/one/img-1.png', 'bob', [{ landmark: 'r_apex', state: 'placed', x: 11, y: 19, suggestion: { x: 12, y: 18, confidence: 0.25, source: 'atlas' } }]);
  await set('/src/one/img-2.png', 'alice', [{ landmark: 'carina', state: 'placed', x: 63.5, y: -0.5 }]);
  await set('/src/two/img-3.png', 'bob', [
    { landmark: 'carina', state: 'placed', x: 512.000001, y: 400.7 },
    { landmark: 'knob', state: 'absent' },
  ]);
  await call('annotations.setStatus', { imageId: ids.get('/src/one/img-1.png')!, templateId: template.id, annotator: 'alice', status: 'done', secondsSpent: 42.5 });
  return { runtime, call, project, source, template, ids };
}

interface Row {
  file: string;
  landmark: string;
  annotator: string;
  state: string;
  x: number | null;
  y: number | null;
  locked: number;
  suggested_x: number | null;
}

function stored(runtime: Runtime, datasetId: number, templateId: number): Row[] {
  return runtime.store.db
    .prepare(
      `SELECT i.source_path AS file, a.landmark, a.annotator, a.state, a.x, a.y, a.locked, a.suggested_x FROM landmark_annotations a
       JOIN images i ON i.id = a.image_id WHERE i.dataset_id = ? AND a.template_id = ? ORDER BY file, a.annotator, a.landmark`,
    )
    .all(datasetId, templateId) as Row[];
}

const essentials = (rows: Row[]) => rows.map(({ file, landmark, annotator, state, x, y }) => ({ file, landmark, annotator, state, x, y }));

describe('export → import round trip', () => {
  for (const format of FORMATS) {
    it(`${format}: identical annotations in another dataset with the same files, and nothing to do on re-import`, async () => {
      const { runtime, call, project, source, template } = await setup();
      const file = await call('annotations.export', { datasetId: source.id, templateId: template.id, format });
      expect(file.fileName).toMatch(new RegExp(`^Source-Four\\.${format === 'csv' ? 'csv' : format === 'json' ? 'landmarks\\.json' : format === 'coco' ? 'coco\\.json' : 'mrk\\.json'}$`));
      const target = await call('datasets.create', { projectId: project.id, name: `Target ${format}` });
      addImages(runtime, target.id, IMAGES.map((i) => ({ ...i, path: i.path.replace('/src/', '/copy/') })));
      const preview = await call('annotations.import', { datasetId: target.id, templateId: template.id, format, content: file.content });
      expect(preview.dryRun).toBe(true);
      expect(preview.written).toMatchObject({ placed: 5, absent: 2, images: 3, annotators: ['alice', 'bob'], replaced: 0, unchanged: 0 });
      expect(stored(runtime, target.id, template.id)).toEqual([]);
      const done = await call('annotations.import', { datasetId: target.id, templateId: template.id, format, content: file.content, dryRun: false });
      expect(Object.values(done.problems).every((p) => p.count === 0)).toBe(true);
      const want = essentials(stored(runtime, source.id, template.id)).map((r) => ({ ...r, file: r.file.replace('/src/', '/copy/') }));
      expect(essentials(stored(runtime, target.id, template.id))).toEqual(want);
      if (format === 'json' || format === 'mrk') {
        // Locks survive where the format has them; suggestions and statuses in our JSON.
        expect(stored(runtime, target.id, template.id).filter((r) => r.locked).map((r) => r.landmark)).toEqual(['l_apex']);
      }
      if (format === 'json') {
        expect(stored(runtime, target.id, template.id).filter((r) => r.suggested_x !== null).map((r) => r.suggested_x)).toEqual([12]);
        const q = await call('annotations.queue', { datasetId: target.id, templateId: template.id, annotator: 'alice', status: ['done'] });
        expect(q.items.map((i) => [i.fileName, i.secondsSpent])).toEqual([['img-1.png', 42.5]]);
      }
      const again = await call('annotations.import', { datasetId: target.id, templateId: template.id, format, content: file.content, dryRun: false });
      expect(again.written).toMatchObject({ placed: 0, absent: 0, unchanged: 7 });
    });
  }

  it('without a template, import creates one from the landmarks in the file, in order of first appearance', async () => {
    const { call, project, source, template, runtime } = await setup();
    const csv = (await call('annotations.export', { datasetId: source.id, templateId: template.id, format: 'csv' })).content;
    const preview = await call('annotations.import', { datasetId: source.id, format: 'csv', content: csv, templateName: 'From CSV' });
    expect(preview.template).toEqual({ id: null, name: 'From CSV', created: true, points: ['r_apex', 'l_apex', 'knob', 'carina'] });
    expect((await call('templates.list', { projectId: project.id })).map((t) => t.name)).not.toContain('From CSV');
    const done = await call('annotations.import', { datasetId: source.id, format: 'csv', content: csv, templateName: 'From CSV', dryRun: false });
    const created = await call('templates.get', { id: done.template.id! });
    expect(created.points.map((p) => p.id)).toEqual(['r_apex', 'l_apex', 'knob', 'carina']);
    expect(essentials(stored(runtime, source.id, created.id))).toEqual(essentials(stored(runtime, source.id, template.id)));
    // Our JSON and COCO carry the template: names, colours and partners come along.
    const json = (await call('annotations.export', { datasetId: source.id, templateId: template.id, format: 'json' })).content;
    const fromJson = await call('annotations.import', { datasetId: source.id, format: 'json', content: json, dryRun: false });
    const t2 = await call('templates.get', { id: fromJson.template.id! });
    expect(t2.name).toBe('Four (2)');
    expect(t2.points).toEqual(template.points);
    const coco = (await call('annotations.export', { datasetId: source.id, templateId: template.id, format: 'coco' })).content;
    const fromCoco = await call('annotations.import', { datasetId: source.id, format: 'coco', content: coco, dryRun: false });
    expect((await call('templates.get', { id: fromCoco.template.id! })).points.map((p) => [p.id, p.partner])).toEqual([
      ['r_apex', 'l_apex'],
      ['l_apex', 'r_apex'],
      ['carina', null],
      ['knob', null],
    ]);
  });

  it('export names the one template it can, and says when there is nothing to export', async () => {
    const { call, project } = await setup();
    const empty = await call('datasets.create', { projectId: project.id, name: 'Empty' });
    const [chest] = await call('templates.list', { projectId: project.id });
    await expectApiError(call('annotations.export', { datasetId: empty.id, templateId: chest!.id, format: 'csv' }), 'not_found', /nothing to export/);
  });
});

describe('import preview and problems', () => {
  it('reports unknown images and landmarks, out-of-bounds points, size mismatches, ambiguous names and duplicates, naming lines', async () => {
    const { runtime, call, project, template } = await setup();
    const d = await call('datasets.create', { projectId: project.id, name: 'Problems' });
    addImages(runtime, d.id, [
      { path: '/a/x.png', width: 100, height: 100 },
      { path: '/a/dup.png', width: 50, height: 50 },
      { path: '/b/dup.png', width: 50, height: 50 },
    ]);
    const csv = [
      'image,landmark,x,y,status,annotator',
      'x.png,carina,10,10,placed,ann',
      'x.png,Right apex,20,20,placed,ann', // matched by name
      'x.png,spleen,1,1,placed,ann',
      'missing.png,carina,1,1,placed,ann',
      'x.png,knob,100,5,placed,ann', // x > 99.5
      'dup.png,carina,1,1,placed,ann',
      'b/dup.png,carina,2,2,placed,ann', // a distinguishing path matches
      'x.png,carina,11,11,placed,ann', // repeats line 2
    ].join('\n');
    const r = await call('annotations.import', { datasetId: d.id, templateId: template.id, format: 'csv', content: csv });
    expect(r.entries).toBe(8);
    expect(r.written).toMatchObject({ placed: 3, absent: 0, images: 2 });
    expect(r.problems.unknownImages).toEqual({ count: 1, examples: [{ file: 'missing.png', entries: 1 }] });
    expect(r.problems.unknownLandmarks).toEqual({ count: 1, examples: [{ landmark: 'spleen', entries: 1 }] });
    expect(r.problems.outOfBounds.examples).toEqual([{ file: 'x.png', landmark: 'knob', x: 100, y: 5, width: 100, height: 100, where: 'line 6' }]);
    expect(r.problems.ambiguousImages.examples).toEqual([{ file: 'dup.png', candidates: ['/a/dup.png', '/b/dup.png'] }]);
    expect(r.problems.duplicates.examples[0]!.where).toBe('line 2 and line 9 (the later one is used)');
    expect(r.messages.join('\n')).toMatch(/1 image\(s\) not in the dataset \(skipped\): missing\.png/);
    expect(r.messages.join('\n')).toMatch(/knob at \(100, 5\) in x\.png \(100×100\), line 6/);
    await expectApiError(
      call('annotations.import', { datasetId: d.id, templateId: template.id, format: 'csv', content: csv, dryRun: false, strict: true }),
      'conflict',
      /Nothing was imported.*not in the dataset/,
    );
    expect(stored(runtime, d.id, template.id)).toEqual([]);
    // Annotations made on a resized copy are refused, not rescaled.
    const resized = JSON.stringify({
      format: 'cxr-anatomy-studio/landmarks',
      version: 1,
      template: { name: 'Four', points: POINTS.map((p) => ({ description: '', partner: null, mayBeAbsent: false, ...p })) },
      images: [{ file: 'x.png', width: 50, height: 50, annotations: [{ annotator: 'a', landmark: 'carina', state: 'placed', x: 1, y: 1 }] }],
    });
    const mismatch = await call('annotations.import', { datasetId: d.id, templateId: template.id, format: 'json', content: resized });
    expect(mismatch.problems.sizeMismatches.examples).toEqual([{ file: 'x.png', fileWidth: 50, fileHeight: 50, width: 100, height: 100 }]);
    expect(mismatch.written.placed).toBe(0);
  });

  it('writes the import in one transaction, keeps "when" from the file, and never overwrites a locked point', async () => {
    const { runtime, call, source, template, ids } = await setup();
    const csv = 'image,landmark,x,y,status,annotator,timestamp\r\nimg-1.png,l_apex,1,1,placed,alice,2020-02-03T04:05:06.000Z\r\nimg-2.png,carina,5,6,placed,alice,2020-02-03T04:05:06.000Z\r\n';
    const r = await call('annotations.import', { datasetId: source.id, templateId: template.id, format: 'csv', content: csv, dryRun: false });
    expect(r.problems.locked.examples).toEqual([{ file: 'img-1.png', landmark: 'l_apex', annotator: 'alice' }]);
    expect(r.written).toMatchObject({ placed: 1, replaced: 1 });
    const img2 = await call('annotations.image', { imageId: ids.get('/src/one/img-2.png')!, templateId: template.id, annotator: 'alice' });
    expect(img2.landmarks[2]).toMatchObject({ x: 5, y: 6, updatedAt: '2020-02-03T04:05:06.000Z' });
    const img1 = await call('annotations.image', { imageId: ids.get('/src/one/img-1.png')!, templateId: template.id, annotator: 'alice' });
    expect(img1.landmarks[1]).toMatchObject({ x: 289.3333333333333, locked: true });
    const events = runtime.store.db.prepare("SELECT message FROM events WHERE kind = 'annotations.imported'").all() as { message: string }[];
    expect(events).toHaveLength(1);
    await expectApiError(call('annotations.import', { datasetId: source.id, templateId: template.id, format: 'csv', content: 'image,landmark,x,y\nimg-1.png,carina,one,2\n' }), 'invalid_input', /line 2/);
  });

  it('--annotator style override records everything under one name', async () => {
    const { call, source, template, project, runtime } = await setup();
    const content = (await call('annotations.export', { datasetId: source.id, templateId: template.id, format: 'mrk' })).content;
    const d = await call('datasets.create', { projectId: project.id, name: 'Other' });
    addImages(runtime, d.id, IMAGES);
    const r = await call('annotations.import', { datasetId: d.id, templateId: template.id, format: 'mrk', content, annotator: 'reader 2', dryRun: false });
    expect(r.written.annotators).toEqual(['reader 2']);
    // alice and bob both placed r_apex on img-1: under one name the later entry wins, and the repeat is reported.
    expect(r.problems.duplicates.count).toBe(1);
  });
});
