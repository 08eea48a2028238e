import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { atlasConfidence, buildAtlas, placeAtlas } from '../../../app/analysis/suggest/atlas';
import { paletteColour, POINT_PALETTE } from '../../../app/annotations/colours';
import { denormalise, insideImage, median, normalise } from '../../../app/annotations/geometry';
import { createImageMatcher, distinctNames } from '../../../app/annotations/image-names';
import { pointsFromHints, slugify } from '../../../app/annotations/template-points';
import { openStore } from '../../../app/store/database';
import { migrations } from '../../../app/store/migrations';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir('cxr-annotations-pure-');

describe('pixel geometry', () => {
  it('integers are pixel centres; the image covers [-0.5, size - 0.5]; normalised maps that onto [0, 1]', () => {
    expect(insideImage(-0.5, 99.5, 10, 100)).toBe(true);
    expect(insideImage(9.6, 0, 10, 100)).toBe(false);
    expect(normalise(-0.5, 99.5, 10, 100)).toEqual({ u: 0, v: 1 });
    expect(denormalise(0.5, 0.5, 512, 256)).toEqual({ x: 255.5, y: 127.5 });
    expect(median([3, 1, 2, 10])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

describe('atlas prior', () => {
  it('averages per image first, then over images; confidence grows with agreement and with images', () => {
    const atlas = buildAtlas([
      { imageId: 1, landmark: 'p', u: 0.2, v: 0.5 },
      { imageId: 1, landmark: 'p', u: 0.4, v: 0.5 }, // second annotator of image 1 → image mean 0.3
      { imageId: 2, landmark: 'p', u: 0.5, v: 0.5 },
    ]);
    const e = atlas.get('p')!;
    expect(e.images).toBe(2);
    expect(e.u).toBeCloseTo(0.4, 12);
    const [s] = placeAtlas(atlas, [{ id: 'p', name: 'P', description: '', colour: '#000000', partner: null, mayBeAbsent: false }], 100, 100);
    expect(s).toMatchObject({ landmark: 'p', source: 'atlas' });
    expect(s!.x).toBeCloseTo(39.5, 9);
    const tight = buildAtlas(Array.from({ length: 20 }, (_, i) => ({ imageId: i, landmark: 'p', u: 0.5 + (i % 2) * 0.001, v: 0.5 })));
    const loose = buildAtlas(Array.from({ length: 20 }, (_, i) => ({ imageId: i, landmark: 'p', u: 0.5 + (i % 2) * 0.2, v: 0.5 })));
    const few = buildAtlas([{ imageId: 1, landmark: 'p', u: 0.5, v: 0.5 }]);
    expect(atlasConfidence(tight.get('p')!)).toBeGreaterThan(atlasConfidence(loose.get('p')!));
    expect(atlasConfidence(tight.get('p')!)).toBeGreaterThan(atlasConfidence(few.get('p')!));
    // One image never claims certainty: the prior spread of 5% of the image gives exp(-1) at n = 1.
    expect(atlasConfidence(few.get('p')!)).toBeCloseTo(Math.exp(-1), 9);
  });
});

describe('names and ids', () => {
  it('exports distinguish repeated file names by the shortest path suffix, and imports match by suffix', () => {
    const names = distinctNames(['/a/x/img.png', '/a/y/img.png', '/b/other.png', 'C:\\z\\y\\img.png']);
    expect([...names.values()]).toEqual(['x/img.png', 'a/y/img.png', 'z/y/img.png', 'other.png']);
    const match = createImageMatcher([
      { id: 1, sourcePath: '/a/x/img.png' },
      { id: 2, sourcePath: '/a/y/img.png' },
      { id: 3, sourcePath: '/b/other.png' },
    ]);
    expect(match('other.png')).toEqual({ kind: 'match', image: { id: 3, sourcePath: '/b/other.png' } });
    expect(match('y\\img.png')).toMatchObject({ kind: 'match', image: { id: 2 } });
    expect(match('img.png').kind).toBe('ambiguous');
    expect(match('nope.png').kind).toBe('unknown');
  });

  it('slugs, unique ids and symmetric partners for templates made from a file', () => {
    expect(slugify('Right lung apex (PA)')).toBe('right_lung_apex_pa');
    expect(slugify('  Ärger ')).toBe('arger');
    expect(slugify('!!!')).toBe('point');
    const { points, idOfKey } = pointsFromHints([
      { key: 'L apex', partner: 'R apex' },
      { key: 'R apex', partner: 'L apex' },
      { key: 'l-apex' },
      { key: 'L_apex', partner: 'R apex' },
    ]);
    expect(points.map((p) => [p.id, p.partner])).toEqual([
      ['l_apex', 'r_apex'],
      ['r_apex', 'l_apex'],
      ['l-apex', null],
      ['l_apex_2', null],
    ]);
    expect(idOfKey.get('L_apex')).toBe('l_apex_2');
    expect(new Set(points.map((p) => p.colour)).size).toBe(4);
  });

  it('the palette gives distinct colours beyond its length', () => {
    const colours = Array.from({ length: 60 }, (_, i) => paletteColour(i));
    expect(new Set(colours).size).toBe(60);
    expect(colours.slice(0, POINT_PALETTE.length)).toEqual(POINT_PALETTE);
  });
});

describe('migration 0003', () => {
  it('keeps annotations made under schema 2, adds the new columns, and lets a project with annotations be deleted', () => {
    const file = path.join(tempDir(), 'db.sqlite');
    const old = openStore(file, { migrations: migrations.slice(0, 2) });
    const db = old.db;
    const p = db.prepare("INSERT INTO projects (name) VALUES ('p')").run().lastInsertRowid;
    const d = db.prepare("INSERT INTO datasets (project_id, name) VALUES (?, 'd')").run(p).lastInsertRowid;
    const i = db.prepare("INSERT INTO images (dataset_id, source_path, status, rows, cols) VALUES (?, 'a.png', 'ok', 10, 10)").run(d).lastInsertRowid;
    const t = db.prepare("INSERT INTO landmark_templates (project_id, name, points_json) VALUES (?, 't', '[]')").run(p).lastInsertRowid;
    db.prepare("INSERT INTO landmark_annotations (image_id, template_id, landmark, annotator, state, x, y) VALUES (?, ?, 'l', 'ann', 'placed', 1.5, 2.5)").run(i, t);
    old.close();
    const store = openStore(file, { migrations: migrations.slice(0, 3) });
    expect(store.schemaVersion).toBe(3);
    expect(fs.existsSync(`${file}.schema-2.bak`)).toBe(true);
    expect(store.db.prepare('SELECT landmark, x, y, locked, suggested_x FROM landmark_annotations').all()).toEqual([{ landmark: 'l', x: 1.5, y: 2.5, locked: 0, suggested_x: null }]);
    expect(store.db.pragma('foreign_key_check')).toEqual([]);
    store.db.prepare('DELETE FROM projects WHERE id = ?').run(p);
    expect((store.db.prepare('SELECT COUNT(*) AS n FROM landmark_annotations').get() as { n: number }).n).toBe(0);
    store.close();
  });
});
