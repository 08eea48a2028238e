import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATE_NAME } from '../../../app/annotations/default-template';
import { CHEST_LANDMARKS } from '../../../app/phantom/landmarks';
import { addImages, caller, expectApiError, useRuntimes } from './helpers';

const { start } = useRuntimes('cxr-templates-');

const point = (id: string, extra: Record<string, unknown> = {}) => ({ id, name: id.toUpperCase(), colour: '#112233', ...extra });

async function withAnnotations() {
  const { runtime } = start();
  const call = caller(runtime);
  const project = await call('projects.create', { name: 'T' });
  const dataset = await call('datasets.create', { projectId: project.id, name: 'D' });
  const ids = addImages(runtime, dataset.id, [{ path: '/x/a.png', width: 100, height: 80 }]);
  const template = await call('templates.create', { projectId: project.id, name: 'Three', points: [point('p1'), point('p2'), point('p3')] });
  const target = { imageId: ids.get('/x/a.png')!, templateId: template.id, annotator: 'ann' };
  await call('annotations.set', { ...target, changes: [{ landmark: 'p1', state: 'placed', x: 1, y: 2 }, { landmark: 'p2', state: 'absent' }] });
  return { runtime, call, project, dataset, template, target };
}

describe('templates', () => {
  it('every project gets the default chest template, built from CHEST_LANDMARKS with distinct colours', async () => {
    const { runtime } = start();
    const call = caller(runtime);
    const project = await call('projects.create', { name: 'Chest study' });
    const [t, ...rest] = await call('templates.list', { projectId: project.id });
    expect(rest).toEqual([]);
    expect(t!.name).toBe(DEFAULT_TEMPLATE_NAME);
    expect(t!.points.map((p) => [p.id, p.name, p.description, p.partner ?? undefined])).toEqual(
      CHEST_LANDMARKS.map((l) => [l.id, l.label, l.description, l.partner]),
    );
    expect(new Set(t!.points.map((p) => p.colour)).size).toBe(14);
    for (const p of t!.points) expect(p.colour).toMatch(/^#[0-9a-f]{6}$/);
    // The default project of a new installation too.
    expect((await call('templates.list', { projectId: 1 })).map((x) => x.name)).toEqual([DEFAULT_TEMPLATE_NAME]);
  });

  it('a project without any template (older database, or all deleted) gets it lazily and idempotently on list', async () => {
    const { runtime } = start();
    const call = caller(runtime);
    const id = Number(runtime.store.db.prepare("INSERT INTO projects (name) VALUES ('Old')").run().lastInsertRowid);
    const [a, b] = await Promise.all([call('templates.list', { projectId: id }), call('templates.list', { projectId: id })]);
    expect(a.map((t) => t.id)).toEqual(b.map((t) => t.id));
    expect(a).toHaveLength(1);
    await call('templates.delete', { id: a[0]!.id });
    expect((await call('templates.list', { projectId: id })).map((t) => t.name)).toEqual([DEFAULT_TEMPLATE_NAME]);
    await expectApiError(call('templates.list', { projectId: 999 }), 'not_found', /Project 999/);
  });

  it('creates, renames, reorders and recolours, incrementing the revision; refuses stale edits and bad point lists', async () => {
    const { call, template } = await withAnnotations();
    expect(template.revision).toBe(1);
    const renamed = await call('templates.update', { id: template.id, name: 'Three points', expectedRevision: 1 });
    expect(renamed.revision).toBe(2);
    const reordered = await call('templates.update', { id: template.id, points: [point('p3'), point('p1', { colour: '#ABCDEF' }), point('p2')] });
    expect(reordered.points.map((p) => p.id)).toEqual(['p3', 'p1', 'p2']);
    expect(reordered.points[1]!.colour).toBe('#abcdef');
    expect(reordered.revision).toBe(3);
    expect(reordered.annotationCounts).toEqual({ p1: 1, p2: 1 });
    await expectApiError(call('templates.update', { id: template.id, name: 'x', expectedRevision: 2 }), 'conflict', /changed elsewhere \(revision 3/);
    await expectApiError(call('templates.update', { id: template.id, points: [point('p1'), point('p1')] }), 'invalid_input', /used twice/);
    await expectApiError(
      call('templates.update', { id: template.id, points: [point('p1', { partner: 'p2' }), point('p2'), point('p3')] }),
      'invalid_input',
      /Partners must name each other/,
    );
    await expectApiError(call('templates.update', { id: template.id, points: [point('Bad Id')] }), 'invalid_input', /slug/);
    await expectApiError(call('templates.update', { id: template.id, points: [{ ...point('p1'), colour: 'red' }] }), 'invalid_input', /#rrggbb/);
    expect((await call('templates.get', { id: template.id })).revision).toBe(3);
  });

  it('never silently drops annotations: removing (or re-id-ing) an annotated point is refused with the count', async () => {
    const { call, template, target } = await withAnnotations();
    const err = await expectApiError(
      call('templates.update', { id: template.id, points: [point('p2'), point('p3')] }),
      'conflict',
      /Removing "p1" \(1 annotation\) would delete annotations\. List it in dropAnnotationsOf/,
    );
    expect(err.details).toEqual({ annotations: { p1: 1 } });
    await expectApiError(
      call('templates.update', { id: template.id, points: [point('p1_new'), point('p2'), point('p3')] }),
      'conflict',
      /Point ids are stable: to rename a point, change its name/,
    );
    // An unannotated point can go; an annotated one only when named explicitly.
    expect((await call('templates.update', { id: template.id, points: [point('p1'), point('p2')] })).points).toHaveLength(2);
    await expectApiError(call('templates.update', { id: template.id, points: [point('p1')], dropAnnotationsOf: ['p1'] }), 'invalid_input', /does not remove/);
    const dropped = await call('templates.update', { id: template.id, points: [point('p1')], dropAnnotationsOf: ['p2'] });
    expect(dropped.annotationCounts).toEqual({ p1: 1 });
    expect((await call('annotations.image', target)).landmarks.map((l) => [l.landmark, l.state])).toEqual([['p1', 'placed']]);
  });

  it('duplicates without annotations; delete is refused while annotated unless forced', async () => {
    const { call, project, template, target } = await withAnnotations();
    const copy = await call('templates.duplicate', { id: template.id });
    expect(copy).toMatchObject({ name: 'Three (copy)', annotationCount: 0, revision: 1 });
    expect(copy.points).toEqual(template.points);
    await expectApiError(call('templates.duplicate', { id: template.id, name: 'three' }), 'conflict', /already has a landmark template named "Three"/);
    await expectApiError(call('templates.delete', { id: template.id }), 'conflict', /has 2 annotations/);
    expect(await call('templates.delete', { id: template.id, force: true })).toEqual({ deleted: true, annotationsDeleted: 2 });
    await expectApiError(call('annotations.image', target), 'not_found', /template/);
    expect((await call('templates.list', { projectId: project.id })).map((t) => t.name)).toEqual([DEFAULT_TEMPLATE_NAME, 'Three (copy)']);
  });

  it('exports and imports templates as JSON, with clear errors', async () => {
    const { call, project, template } = await withAnnotations();
    const file = await call('templates.export', { id: template.id });
    expect(file).toMatchObject({ fileName: 'Three.template.json', mimeType: 'application/json' });
    expect(JSON.parse(file.content)).toMatchObject({ format: 'cxr-anatomy-studio/landmark-template', version: 1, name: 'Three' });
    const imported = await call('templates.import', { projectId: project.id, content: file.content });
    expect(imported.name).toBe('Three (2)');
    expect(imported.points).toEqual(template.points);
    const bad = JSON.parse(file.content);
    bad.points[1].colour = 'blue';
    await expectApiError(call('templates.import', { projectId: project.id, content: JSON.stringify(bad) }), 'invalid_input', /points\[1\]\.colour: Colour must be #rrggbb/);
    await expectApiError(call('templates.import', { projectId: project.id, content: '{"format":"x"}' }), 'invalid_input', /is this a landmark template file/);
    await expectApiError(call('templates.import', { projectId: project.id, content: 'not json' }), 'invalid_input', /not valid JSON/);
  });

  it('deleting a project or dataset with annotations deletes them (the template reference cascades)', async () => {
    const { call, project, dataset, runtime } = await withAnnotations();
    await call('datasets.delete', { id: dataset.id });
    expect((runtime.store.db.prepare('SELECT COUNT(*) AS n FROM landmark_annotations').get() as { n: number }).n).toBe(0);
    const again = await withAnnotations();
    await again.call('projects.delete', { id: again.project.id });
    expect((again.runtime.store.db.prepare('SELECT COUNT(*) AS n FROM landmark_templates WHERE project_id = ?').get(again.project.id) as { n: number }).n).toBe(0);
    expect(project.id).toBeGreaterThan(0);
  });
});
