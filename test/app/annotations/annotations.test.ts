import { describe, expect, it } from 'vitest';
import { computeAgreement } from '../../../app/annotations/agreement';
import { addImages, caller, expectApiError, useRuntimes } from './helpers';

const { start } = useRuntimes('cxr-annotate-');

const points = ['p1', 'p2', 'p3'].map((id) => ({ id, name: id.toUpperCase(), colour: '#112233', mayBeAbsent: id === 'p3' }));

async function setup() {
  const { runtime } = start();
  const call = caller(runtime);
  const project = await call('projects.create', { name: 'P' });
  const dataset = await call('datasets.create', { projectId: project.id, name: 'D' });
  const ids = addImages(runtime, dataset.id, [
    { path: '/d/c.png', width: 200, height: 100 },
    { path: '/d/a.png', width: 100, height: 50 },
    { path: '/d/b.png', width: 100, height: 50 },
    { path: '/d/d.png', width: 100, height: 50 },
  ]);
  const template = await call('templates.create', { projectId: project.id, name: 'Three', points });
  const id = (name: string) => ids.get(`/d/${name}`)!;
  const at = (name: string, annotator = 'alice') => ({ imageId: id(name), templateId: template.id, annotator });
  return { runtime, call, project, dataset, template, id, at };
}

describe('annotating one image', () => {
  it('returns every template landmark in order, unset until placed; coordinates are original pixels, checked against the image', async () => {
    const { call, at } = await setup();
    const empty = await call('annotations.image', at('c.png'));
    expect(empty).toMatchObject({ fileName: 'c.png', width: 200, height: 100, annotators: [], status: { status: 'not_started', unset: 3 } });
    expect(empty.landmarks.map((l) => [l.landmark, l.state])).toEqual([['p1', 'unset'], ['p2', 'unset'], ['p3', 'unset']]);

    const after = await call('annotations.set', { ...at('c.png'), changes: [{ landmark: 'p1', state: 'placed', x: 199.5, y: -0.5 }] });
    expect(after.landmarks[0]).toMatchObject({ state: 'placed', x: 199.5, y: -0.5, locked: false, suggested: false, movedBy: null });
    expect(after.landmarks[0]!.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    // The first point moves the image to "in progress".
    expect(after.status).toMatchObject({ status: 'in_progress', placed: 1, unset: 2 });
    expect(after.annotators).toEqual(['alice']);

    await expectApiError(call('annotations.set', { ...at('c.png'), changes: [{ landmark: 'p1', state: 'placed', x: 200, y: 5 }] }), 'invalid_input', /outside image c\.png \(200×100 px/);
    await expectApiError(call('annotations.set', { ...at('c.png'), changes: [{ landmark: 'nope', state: 'absent' }] }), 'invalid_input', /no landmark "nope"/);
    await expectApiError(call('annotations.set', { ...at('c.png'), changes: [{ landmark: 'p1', state: 'placed' }] }), 'invalid_input', /needs x and y/);
    await expectApiError(call('annotations.set', { ...at('c.png'), changes: [{ landmark: 'p1', state: 'absent', x: 1, y: 1 }] }), 'invalid_input', /only a placed landmark/);
    await expectApiError(call('annotations.image', { ...at('c.png'), annotator: '  ' }), 'invalid_input', /Annotator name/);
  });

  it('a failing call leaves nothing half-written: all changes of one call or none', async () => {
    const { call, at, runtime } = await setup();
    await call('annotations.set', { ...at('a.png'), changes: [{ landmark: 'p1', state: 'placed', x: 10, y: 10 }] });
    const before = await call('annotations.image', at('a.png'));
    await expectApiError(
      call('annotations.set', {
        ...at('a.png'),
        changes: [
          { landmark: 'p1', state: 'placed', x: 20, y: 20 },
          { landmark: 'p2', state: 'absent' },
          { landmark: 'p3', state: 'placed', x: 5000, y: 1 },
        ],
      }),
      'invalid_input',
      /"p3" at \(5000, 1\) is outside/,
    );
    expect(await call('annotations.image', at('a.png'))).toEqual(before);
    // A brand-new image stays "not started" when its first call fails.
    await expectApiError(call('annotations.set', { ...at('b.png'), changes: [{ landmark: 'p2', state: 'absent' }, { landmark: 'zz', state: 'absent' }] }), 'invalid_input');
    expect((await call('annotations.image', at('b.png'))).status.status).toBe('not_started');
    expect((runtime.store.db.prepare('SELECT COUNT(*) AS n FROM landmark_annotations').get() as { n: number }).n).toBe(1);
  });

  it('locks, absent, clear, and undo/redo by sending back a previous state through the same operation', async () => {
    const { call, at } = await setup();
    const s0 = await call('annotations.image', at('a.png'));
    const s1 = await call('annotations.set', { ...at('a.png'), changes: [{ landmark: 'p1', state: 'placed', x: 10, y: 20 }] });
    const s2 = await call('annotations.set', { ...at('a.png'), changes: [{ landmark: 'p1', state: 'placed', x: 11, y: 21, locked: true }] });
    expect(s2.landmarks[0]).toMatchObject({ x: 11, y: 21, locked: true });
    await expectApiError(call('annotations.set', { ...at('a.png'), changes: [{ landmark: 'p1', state: 'placed', x: 1, y: 1 }] }), 'conflict', /"p1" is locked/);
    await expectApiError(call('annotations.set', { ...at('a.png'), changes: [{ landmark: 'p1', state: 'unset' }] }), 'conflict', /locked/);
    // Undo: re-apply s1's value of p1 (unlocked, old position).
    const undo = await call('annotations.set', { ...at('a.png'), changes: [s1.landmarks[0]!] });
    expect(undo.landmarks[0]).toMatchObject({ x: 10, y: 20, locked: false });
    // Redo, then undo everything back to the empty state.
    expect((await call('annotations.set', { ...at('a.png'), changes: [s2.landmarks[0]!] })).landmarks[0]).toMatchObject({ x: 11, locked: true });
    const back = await call('annotations.set', { ...at('a.png'), changes: s0.landmarks.map((l) => ({ ...l, locked: false })) });
    expect(back.landmarks.map((l) => l.state)).toEqual(['unset', 'unset', 'unset']);
    const absent = await call('annotations.set', { ...at('a.png'), changes: [{ landmark: 'p2', state: 'absent' }] });
    expect(absent.landmarks[1]).toMatchObject({ state: 'absent', x: null, y: null });
    expect(absent.status.warnings).toEqual(['Marked absent although the template expects them to be visible: p2.']);
  });

  it('records the accepted suggestion and how far the annotator moved it', async () => {
    const { call, at } = await setup();
    const suggestion = { x: 10, y: 10, confidence: 0.6, source: 'atlas' as const };
    await call('annotations.set', { ...at('a.png'), changes: [{ landmark: 'p1', state: 'placed', x: 10, y: 10, suggestion }] });
    const moved = await call('annotations.set', { ...at('a.png'), changes: [{ landmark: 'p1', state: 'placed', x: 13, y: 14 }] });
    expect(moved.landmarks[0]).toMatchObject({ suggested: true, suggestion, movedBy: 5 });
    const forgot = await call('annotations.set', { ...at('a.png'), changes: [{ landmark: 'p1', state: 'placed', x: 13, y: 14, suggestion: null }] });
    expect(forgot.landmarks[0]).toMatchObject({ suggested: false, suggestion: null, movedBy: null });
  });

  it('sets the image status with time spent (absolute or added), and warns about unset points on a done image', async () => {
    const { call, at } = await setup();
    expect(await call('annotations.setStatus', { ...at('a.png'), status: 'in_progress', addSeconds: 4 })).toMatchObject({ status: 'in_progress', secondsSpent: 4 });
    const done = await call('annotations.setStatus', { ...at('a.png'), status: 'done', addSeconds: 6.5 });
    expect(done).toMatchObject({ status: 'done', secondsSpent: 10.5, unset: 3 });
    expect(done.warnings[0]).toMatch(/Marked done with 3 landmark\(s\) neither placed nor absent: p1, p2, p3/);
    expect(await call('annotations.setStatus', { ...at('a.png'), status: 'skipped', secondsSpent: 2 })).toMatchObject({ status: 'skipped', secondsSpent: 2 });
    await expectApiError(call('annotations.setStatus', { ...at('a.png'), status: 'done', secondsSpent: 1, addSeconds: 1 }), 'invalid_input', /not both/);
    // Placing a point on a skipped or done image does not silently change its status.
    const placed = await call('annotations.set', { ...at('a.png'), changes: [{ landmark: 'p1', state: 'placed', x: 1, y: 1 }] });
    expect(placed.status.status).toBe('skipped');
  });

  it('adds time without a status: the image keeps its status, and a not-started one becomes "in progress"', async () => {
    const { call, at } = await setup();
    expect(await call('annotations.setStatus', { ...at('a.png'), addSeconds: 30 })).toMatchObject({ status: 'in_progress', secondsSpent: 30 });
    expect(await call('annotations.setStatus', { ...at('a.png'), addSeconds: 2.5 })).toMatchObject({ status: 'in_progress', secondsSpent: 32.5 });
    await call('annotations.setStatus', { ...at('a.png'), status: 'done' });
    expect(await call('annotations.setStatus', { ...at('a.png'), addSeconds: 1 })).toMatchObject({ status: 'done', secondsSpent: 33.5 });
    expect(await call('annotations.setStatus', { ...at('a.png'), secondsSpent: 5 })).toMatchObject({ status: 'done', secondsSpent: 5 });
    // No time on an untouched image records nothing, so it does not list the annotator.
    expect(await call('annotations.setStatus', { ...at('b.png'), addSeconds: 0 })).toMatchObject({ status: 'not_started', secondsSpent: 0 });
    expect((await call('annotations.image', at('b.png'))).annotators).toEqual([]);
    await expectApiError(call('annotations.setStatus', at('a.png')), 'invalid_input', /Give a status, secondsSpent or addSeconds/);
  });
});

describe('work queue and progress', () => {
  it('lists not started first, then in progress, skipped, done (by path), filterable; progress with median time per image', async () => {
    const { call, at, dataset, template, runtime } = await setup();
    // Images without pixels are not annotatable and not counted.
    runtime.store.db.prepare("INSERT INTO images (dataset_id, source_path, status) VALUES (?, '/d/broken.png', 'error')").run(dataset.id);
    await call('annotations.set', { ...at('b.png'), changes: [{ landmark: 'p1', state: 'placed', x: 1, y: 1 }, { landmark: 'p3', state: 'absent' }] });
    await call('annotations.setStatus', { ...at('c.png'), status: 'done', secondsSpent: 30 });
    await call('annotations.setStatus', { ...at('d.png'), status: 'done', secondsSpent: 10 });
    await call('annotations.setStatus', { ...at('a.png'), status: 'skipped', secondsSpent: 3 });
    // Another annotator's work is theirs.
    await call('annotations.setStatus', { ...at('a.png', 'bob'), status: 'done', secondsSpent: 99 });
    const q = await call('annotations.queue', { datasetId: dataset.id, templateId: template.id, annotator: 'alice' });
    expect(q.items.map((i) => [i.fileName, i.status, i.placed, i.absent])).toEqual([
      ['b.png', 'in_progress', 1, 1],
      ['a.png', 'skipped', 0, 0],
      ['c.png', 'done', 0, 0],
      ['d.png', 'done', 0, 0],
    ]);
    expect(q.progress).toMatchObject({ total: 4, notStarted: 0, inProgress: 1, done: 2, skipped: 1, secondsTotal: 43, medianSecondsPerImage: 20 });
    const fresh = await call('annotations.queue', { datasetId: dataset.id, templateId: template.id, annotator: 'carol', limit: 2 });
    expect(fresh.total).toBe(4);
    expect(fresh.items.map((i) => [i.fileName, i.status])).toEqual([['a.png', 'not_started'], ['b.png', 'not_started']]);
    expect(fresh.progress).toMatchObject({ notStarted: 4, medianSecondsPerImage: null });
    const filtered = await call('annotations.queue', { datasetId: dataset.id, templateId: template.id, annotator: 'alice', status: ['done', 'in_progress'] });
    expect(filtered.items.map((i) => i.fileName)).toEqual(['b.png', 'c.png', 'd.png']);
    expect(await call('annotations.annotators', { datasetId: dataset.id })).toEqual(['alice', 'bob']);
  });
});

describe('agreement', () => {
  it('per landmark: mean/median of per-image distances (mean over annotator pairs), outliers beyond 3× the median', async () => {
    const { call, at, dataset, template } = await setup();
    const place = (img: string, who: string, x: number, y: number, p = 'p1') =>
      call('annotations.set', { ...at(img, who), changes: [{ landmark: p, state: 'placed', x, y }] });
    // p1: a.png alice/bob 3-4-5 → 5; b.png 0 vs 6 → 6; c.png 0 vs 24 (>3×6) → 24; d.png only alice (not counted).
    await place('a.png', 'alice', 0, 0);
    await place('a.png', 'bob', 3, 4);
    await place('b.png', 'alice', 10, 10);
    await place('b.png', 'bob', 16, 10);
    await place('c.png', 'alice', 10, 10);
    await place('c.png', 'bob', 34, 10);
    await place('d.png', 'alice', 1, 1);
    // p2 on a.png with three annotators: pairs 6, 8, 10 → mean 8.
    await place('a.png', 'alice', 0, 0, 'p2');
    await place('a.png', 'bob', 6, 0, 'p2');
    await place('a.png', 'carol', 6, 8, 'p2');
    // p3: placed by one, absent for the other.
    await place('b.png', 'alice', 5, 5, 'p3');
    await call('annotations.set', { ...at('b.png', 'bob'), changes: [{ landmark: 'p3', state: 'absent' }] });

    const report = await call('annotations.agreement', { datasetId: dataset.id, templateId: template.id });
    expect(report.annotators).toEqual(['alice', 'bob', 'carol']);
    expect(report.sharedImages).toBe(3);
    const [p1, p2, p3] = report.landmarks;
    expect(p1).toMatchObject({ landmark: 'p1', images: 3, meanDistance: (5 + 6 + 24) / 3, medianDistance: 6, maxDistance: 24, presenceDisagreements: 0 });
    expect(p1!.outliers).toEqual([
      { imageId: at('c.png').imageId, fileName: 'c.png', distance: 24, positions: [{ annotator: 'alice', x: 10, y: 10 }, { annotator: 'bob', x: 34, y: 10 }] },
    ]);
    expect(p2).toMatchObject({ images: 1, meanDistance: 8, medianDistance: 8, outliers: [] });
    expect(p3).toMatchObject({ images: 0, meanDistance: null, medianDistance: null, presenceDisagreements: 1 });
    // Restricting to two annotators changes p2 to their single distance.
    const two = await call('annotations.agreement', { datasetId: dataset.id, templateId: template.id, annotators: ['bob', 'carol'] });
    expect(two.landmarks[1]).toMatchObject({ images: 1, meanDistance: 8 });
    expect(two.landmarks[0]!.images).toBe(0);
  });

  it('the pure computation flags nothing when everyone agrees', () => {
    const obs = (imageId: number, annotator: string, x: number) => ({ imageId, fileName: `${imageId}.png`, landmark: 'p', annotator, state: 'placed' as const, x, y: 0 });
    const r = computeAgreement([{ id: 'p', name: 'P' }], ['a', 'b'], [obs(1, 'a', 0), obs(1, 'b', 0), obs(2, 'a', 5), obs(2, 'b', 5)], 3);
    expect(r.landmarks[0]).toMatchObject({ images: 2, meanDistance: 0, medianDistance: 0, outliers: [] });
  });
});

describe('suggestions', () => {
  it('atlas prior: mean normalised position over other annotated images, scaled to the target; unavailable before the first', async () => {
    const { call, at, template } = await setup();
    const none = await call('annotations.suggest', { imageId: at('a.png').imageId, templateId: template.id });
    expect(none).toMatchObject({ available: false, source: null, basedOnImages: 0, points: [] });
    // c.png is 200×100: x = 99.5 → u = 0.5; a.png 100×50 by two annotators averaging u = 0.3.
    await call('annotations.set', { ...at('c.png'), changes: [{ landmark: 'p1', state: 'placed', x: 99.5, y: 49.5 }, { landmark: 'p2', state: 'absent' }] });
    await call('annotations.set', { ...at('a.png'), changes: [{ landmark: 'p1', state: 'placed', x: 19.5, y: 24.5 }] });
    await call('annotations.set', { ...at('a.png', 'bob'), changes: [{ landmark: 'p1', state: 'placed', x: 39.5, y: 24.5 }] });
    const s = await call('annotations.suggest', { imageId: at('b.png').imageId, templateId: template.id });
    expect(s).toMatchObject({ available: true, source: 'atlas', basedOnImages: 2 });
    expect(s.reason).toMatch(/2 annotated images .* useful from about 10/);
    expect(s.points).toHaveLength(1);
    const [p1] = s.points;
    // Mean u = (0.5 + 0.3) / 2 = 0.4 → x = 0.4 × 100 − 0.5 = 39.5; v = 0.5 → y = 24.5.
    expect(p1!.landmark).toBe('p1');
    expect(p1!.x).toBeCloseTo(39.5, 9);
    expect(p1!.y).toBeCloseTo(24.5, 9);
    // Spread: varU = (0.01 + 0.01 + 0.00125) / 3, varV = 0.00125 / 3; e = √((varU + varV) · 1.5); confidence = exp(−e / 0.05).
    const varU = (0.01 + 0.01 + 0.00125) / 3;
    const varV = 0.00125 / 3;
    expect(p1!.confidence).toBeCloseTo(Math.exp(-Math.sqrt((varU + varV) * 1.5) / 0.05), 9);
    expect(p1!.radius).toBeCloseTo(Math.sqrt((varU * 100 ** 2 + varV * 50 ** 2) * 1.5), 9);
    // The target's own annotations never count.
    const own = await call('annotations.suggest', { imageId: at('a.png').imageId, templateId: template.id });
    expect(own.basedOnImages).toBe(1);
    expect(own.points[0]!.x).toBeCloseTo(49.5, 9);
  });
});
