import { describe, expect, it } from 'vitest';
import { parseCoco, writeCoco } from '../../../app/annotations/formats/coco';
import { csvField, parseCsv, parseCsvRecords, writeCsv } from '../../../app/annotations/formats/csv';
import { detectFormat } from '../../../app/annotations/formats';
import { parseJson, writeJson } from '../../../app/annotations/formats/json';
import { parseJsrt } from '../../../app/annotations/formats/jsrt';
import { parseSlicer, SLICER_SCHEMA, writeSlicer } from '../../../app/annotations/formats/slicer';
import { ApiError } from '../../../app/api/errors';
import { T, tiny } from './fixtures';

const essentials = (list: readonly { file: string; landmark: string; annotator: string | null; state: string; x: number | null; y: number | null }[]) =>
  list.map(({ file, landmark, annotator, state, x, y }) => ({ file, landmark, annotator, state, x, y }));

function formatError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('invalid_input');
    return (err as Error).message;
  }
  throw new Error('expected a format error');
}

describe('CSV', () => {
  it('writes the documented columns, original pixels plus normalised, RFC 4180 quoting and CRLF', () => {
    expect(writeCsv(tiny)).toBe(
      'image,landmark,x,y,x_norm,y_norm,status,annotator,timestamp\r\n' +
        `one.png,a_left,1.5,2,0.2,0.125,placed,alice,${T}\r\n` +
        `one.png,mid,,,,,absent,alice,${T}\r\n` +
        `"two, ""x"".png",a_right,0,3,0.125,0.875,placed,bob,${T}\r\n`,
    );
  });

  it('reads what it writes, and files from other tools (LF, BOM, quoted line breaks, normalised-only, no status)', () => {
    expect(essentials(parseCsv(writeCsv(tiny)).annotations)).toEqual(essentials(tiny.annotations));
    const other = '\uFEFFImage,Landmark,X_norm,Y_norm,Annotator\n"multi\nline.png",apex,0.5,0.25,\nb.png,apex,,,carol\n';
    const parsed = parseCsv(other);
    expect(parsed.annotations).toEqual([
      { file: 'multi\nline.png', landmark: 'apex', annotator: null, state: 'placed', x: null, y: null, norm: { u: 0.5, v: 0.25 }, where: 'line 2' },
      { file: 'b.png', landmark: 'apex', annotator: 'carol', state: 'absent', x: null, y: null, where: 'line 4' },
    ]);
  });

  it('quotes only when needed and parses RFC 4180 edge cases', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(parseCsvRecords('a,"b,c",""\r\n"x""y",,z')).toEqual([
      { line: 1, fields: ['a', 'b,c', ''] },
      { line: 2, fields: ['x"y', '', 'z'] },
    ]);
  });

  it('names the line of every error', () => {
    const head = 'image,landmark,x,y,status\n';
    expect(formatError(() => parseCsv(`${head}a.png,p,1,2,placed\nb.png,p,one,2,placed\n`))).toMatch(/line 3: x "one" is not a number/);
    expect(formatError(() => parseCsv(`${head}a.png,p,1,2,placed,extra\n`))).toMatch(/line 2: 6 fields, but the header has 5/);
    expect(formatError(() => parseCsv(`${head}a.png,p,1,2,maybe\n`))).toMatch(/line 2: status "maybe"/);
    expect(formatError(() => parseCsv(`${head}a.png,p,,,placed\n`))).toMatch(/line 2: "p" is placed but has no coordinates/);
    expect(formatError(() => parseCsv('file,x,y\n'))).toMatch(/line 1: the header has no "image" column/);
    expect(formatError(() => parseCsv(`${head}"a.png,p,1,2,placed\n`))).toMatch(/line 2: a quoted field is not closed/);
    expect(formatError(() => parseCsv(''))).toMatch(/empty/);
  });
});

describe('JSON (ours)', () => {
  it('is versioned, grouped by image, and keeps locks, suggestions and statuses', () => {
    const text = writeJson(tiny);
    const file = JSON.parse(text);
    expect(file).toMatchObject({ format: 'cxr-anatomy-studio/landmarks', version: 1, dataset: 'Tiny', template: { name: 'Tiny template' } });
    expect(file.images[0]).toEqual({
      file: 'one.png',
      width: 10,
      height: 20,
      annotations: [
        { annotator: 'alice', landmark: 'a_left', state: 'placed', x: 1.5, y: 2, locked: true, suggestion: null, updatedAt: T },
        { annotator: 'alice', landmark: 'mid', state: 'absent', x: null, y: null, locked: false, suggestion: null, updatedAt: T },
      ],
      status: [{ annotator: 'alice', status: 'done', secondsSpent: 12.5, updatedAt: T }],
    });
    const parsed = parseJson(text);
    expect(essentials(parsed.annotations)).toEqual(essentials(tiny.annotations));
    expect(parsed.annotations[2]!.suggestion).toEqual({ x: 0.25, y: 2.5, confidence: 0.5, source: 'atlas' });
    expect(parsed.statuses).toEqual([{ file: 'one.png', annotator: 'alice', status: 'done', secondsSpent: 12.5, where: 'images[0].status[0]' }]);
    expect(parsed.landmarks.map((l) => [l.key, l.partner])).toEqual([['a_left', 'a_right'], ['a_right', 'a_left'], ['mid', null]]);
  });

  it('refuses newer versions and names bad entries', () => {
    const file = JSON.parse(writeJson(tiny));
    expect(formatError(() => parseJson(JSON.stringify({ ...file, version: 2 })))).toMatch(/newer version/);
    file.images[1].annotations[0].state = 'gone';
    expect(formatError(() => parseJson(JSON.stringify(file)))).toMatch(/images\[1\]\.annotations\[0\]\.state/);
    expect(formatError(() => parseJson('{ nope'))).toMatch(/not valid JSON/);
  });
});

describe('COCO keypoints', () => {
  it('writes the template as the category skeleton and visibility flags 0/1/2, one annotation per image and annotator', () => {
    expect(JSON.parse(writeCoco(tiny))).toEqual({
      info: { description: 'Tiny: Tiny template', version: '1.0', year: 2024, contributor: 'CXR Anatomy Studio test', date_created: '2024-05-06T07:08:09.000Z' },
      licenses: [],
      images: [
        { id: 1, file_name: 'one.png', width: 10, height: 20 },
        { id: 2, file_name: 'two, "x".png', width: 4, height: 4 },
      ],
      annotations: [
        {
          id: 1,
          image_id: 1,
          category_id: 1,
          keypoints: [1.5, 2, 2, 0, 0, 0, 0, 0, 1],
          num_keypoints: 2,
          bbox: [1.5, 2, 0, 0],
          area: 0,
          iscrowd: 0,
          segmentation: [],
          attributes: { annotator: 'alice' },
        },
        {
          id: 2,
          image_id: 2,
          category_id: 1,
          keypoints: [0, 0, 0, 0, 3, 2, 0, 0, 0],
          num_keypoints: 1,
          bbox: [0, 3, 0, 0],
          area: 0,
          iscrowd: 0,
          segmentation: [],
          attributes: { annotator: 'bob' },
        },
      ],
      categories: [{ id: 1, name: 'Tiny template', supercategory: 'anatomy', keypoints: ['a_left', 'a_right', 'mid'], skeleton: [[1, 2]] }],
    });
  });

  it('reads it back, partners from the skeleton, and names bad annotations', () => {
    const parsed = parseCoco(writeCoco(tiny));
    expect(essentials(parsed.annotations)).toEqual(essentials(tiny.annotations));
    expect(parsed.templateName).toBe('Tiny template');
    expect(parsed.landmarks.find((l) => l.key === 'a_left')!.partner).toBe('a_right');
    const coco = JSON.parse(writeCoco(tiny));
    coco.annotations[1].keypoints.pop();
    expect(formatError(() => parseCoco(JSON.stringify(coco)))).toMatch(/annotations\[1\]: keypoints has 8 values, but category "Tiny template" has 3 keypoints \(expected 9\)/);
    coco.annotations[1].keypoints.push(7);
    expect(formatError(() => parseCoco(JSON.stringify(coco)))).toMatch(/annotations\[1\] keypoint 3 \("mid"\): visibility 7/);
  });
});

describe('3D Slicer markups', () => {
  it('writes one Fiducial list per image and annotator, named by the file, every template point in order', () => {
    const file = JSON.parse(writeSlicer(tiny));
    expect(file['@schema']).toBe(SLICER_SCHEMA);
    expect(file.markups.map((m: { name: string; cxr: { annotator: string } }) => [m.name, m.cxr.annotator])).toEqual([
      ['one.png', 'alice'],
      ['two, "x".png', 'bob'],
    ]);
    const [first] = file.markups;
    expect(first).toMatchObject({ type: 'Fiducial', coordinateSystem: 'LPS', coordinateUnits: 'mm', fixedNumberOfControlPoints: true });
    expect(first.controlPoints).toEqual([
      {
        id: 'a_left',
        label: 'A left',
        description: 'left A',
        associatedNodeID: '',
        position: [1.5, 2, 0],
        orientation: [-1, 0, 0, 0, -1, 0, 0, 0, 1],
        selected: true,
        locked: true,
        visibility: true,
        positionStatus: 'defined',
      },
      expect.objectContaining({ id: 'a_right', position: [0, 0, 0], positionStatus: 'undefined', locked: false }),
      expect.objectContaining({ id: 'mid', label: 'Middle', positionStatus: 'missing' }),
    ]);
    expect(file.cxr.note).toMatch(/pixel coordinates .* written as mm/);
  });

  it('reads it back (RAS flipped to LPS) and names bad control points', () => {
    const parsed = parseSlicer(writeSlicer(tiny));
    expect(essentials(parsed.annotations)).toEqual(essentials(tiny.annotations));
    expect(parsed.annotations[0]!.locked).toBe(true);
    const file = JSON.parse(writeSlicer(tiny));
    file.markups[0].coordinateSystem = 'RAS';
    file.markups[0].controlPoints[0].position = [-1.5, -2, 0];
    expect(parseSlicer(JSON.stringify(file)).annotations[0]).toMatchObject({ x: 1.5, y: 2 });
    file.markups[1].controlPoints[1].positionStatus = 'floating';
    expect(formatError(() => parseSlicer(JSON.stringify(file)))).toMatch(/markups\[1\]\.controlPoints\[1\] \("two, "x"\.png"\): unknown positionStatus "floating"/);
  });
});

describe('JSRT-dev contours', () => {
  const layout = JSON.stringify({
    images: [{ image: 'J1.png', width: 1024, height: 1024, structures: { RL: [[10, 20], [30, 40]], LL: [[50, 60]] } }],
  });

  it('turns chosen contour indices into named landmarks', () => {
    const parsed = parseJsrt(layout, [
      { structure: 'RL', index: 1, landmark: 'rl1' },
      { structure: 'LL', index: 0, landmark: 'll0' },
    ]);
    expect(essentials(parsed.annotations)).toEqual([
      { file: 'J1.png', landmark: 'rl1', annotator: 'jsrt', state: 'placed', x: 30, y: 40 },
      { file: 'J1.png', landmark: 'll0', annotator: 'jsrt', state: 'placed', x: 50, y: 60 },
    ]);
    expect(formatError(() => parseJsrt(layout, [{ structure: 'RL', index: 5, landmark: 'x' }]))).toMatch(/"RL" has 2 points; index 5 does not exist/);
    expect(formatError(() => parseJsrt(layout, [{ structure: 'H', index: 0, landmark: 'x' }]))).toMatch(/no structure "H"/);
  });
});

describe('format detection', () => {
  it('uses the file name, then the content', () => {
    expect(detectFormat('a.csv', '')).toBe('csv');
    expect(detectFormat('a.mrk.json', '{}')).toBe('mrk');
    expect(detectFormat('a.json', writeSlicer(tiny))).toBe('mrk');
    expect(detectFormat('a.json', writeJson(tiny))).toBe('json');
    expect(detectFormat('a.json', writeCoco(tiny))).toBe('coco');
    expect(detectFormat('landmarks.json', JSON.stringify({ images: [{ image: 'a', structures: {} }] }))).toBe('jsrt');
    expect(detectFormat('data.txt', 'image,landmark\n')).toBe('csv');
    expect(detectFormat('x.json', '{"something": 1}')).toBeNull();
  });
});
