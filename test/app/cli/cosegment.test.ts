import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli';
import { generatePhantom, writePhantomPng } from '../../../app/phantom';
import { useTempDir } from '../../helpers/temp-dir';

const tempDir = useTempDir('cxr-cosegment-');

/** Three 96-px phantoms in <dir>/images, and the options every call needs (own database and data folder). */
async function setup(): Promise<{ dir: string; images: string; base: string[] }> {
  const dir = tempDir();
  const images = path.join(dir, 'images');
  for (const seed of [1, 2, 3]) await writePhantomPng(generatePhantom({ seed, size: 96 }), path.join(images, `ph-${seed}.png`));
  return { dir, images, base: ['--db', path.join(dir, 'db.sqlite'), '--data-dir', path.join(dir, 'data'), '--checkpoint', 'pixels', '--input-size', '96'] };
}

describe('cli cosegment', () => {
  it('writes a label PNG per image at its size and legend.json, from a folder or a list', async () => {
    const { dir, images, base } = await setup();
    const out = path.join(dir, 'out');
    const res = await cli(['cosegment', ...base, '--images', images, '--parts', '3', '--out', out, '--json']);
    expect(res.code, res.err).toBe(0);
    const report = JSON.parse(res.out);
    expect(report).toMatchObject({ images: 3, parts: 3 });
    expect(fs.readdirSync(out).sort()).toEqual(['legend.json', 'ph-1.png', 'ph-2.png', 'ph-3.png']);
    for (const name of ['ph-1.png', 'ph-2.png', 'ph-3.png']) {
      const { data, info } = await sharp(path.join(out, name)).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
      expect([info.width, info.height]).toEqual([96, 96]);
      expect(Math.max(...data)).toBeLessThanOrEqual(3);
      expect(new Set(data).size).toBeGreaterThan(1);
    }
    const legend = JSON.parse(fs.readFileSync(path.join(out, 'legend.json'), 'utf8'));
    expect(legend.legend.map((l: { color: string }) => l.color)).toEqual(['#ff0000', '#ffff00', '#0000ff']);
    expect(legend.source).toMatchObject({ checkpoint: 'pixels', features: { inputSize: 96 } });

    const list = path.join(dir, 'list.txt');
    fs.writeFileSync(list, '# two of them\nimages/ph-1.png\n\nimages/ph-3.png\n');
    const again = await cli(['cosegment', ...base, '--images', list, '--out', path.join(dir, 'out2')]);
    expect(again.code, again.err).toBe(0);
    expect(again.out).toMatch(/Wrote 2 label maps \(5 parts\)/);
  });

  it('names unreadable images, and refuses too few images, bad --parts and overwriting the sources', async () => {
    const { dir, images, base } = await setup();
    const out = ['--out', path.join(dir, 'out')];
    const broken = path.join(images, 'broken.png');
    fs.writeFileSync(broken, 'not a png');
    const unreadable = await cli(['cosegment', ...base, '--images', images, ...out]);
    expect(unreadable.code).toBe(1);
    expect(unreadable.err).toContain(broken);
    fs.rmSync(broken);

    const list = path.join(dir, 'one.txt');
    fs.writeFileSync(list, 'images/ph-1.png\n');
    const few = await cli(['cosegment', ...base, '--images', list, ...out]);
    expect(few.code).toBe(1);
    expect(few.err).toMatch(/needs 2 to 64 images, found 1/);

    const parts = await cli(['cosegment', ...base, '--images', images, '--parts', '0', ...out]);
    expect(parts.code).toBe(2);
    expect(parts.err).toMatch(/--parts must be in 1\.\.12/);
    expect((await cli(['cosegment', ...base, '--images', images, '--parts', 'five', ...out])).code).toBe(2);

    const noRun = await cli(['cosegment', ...base, '--checkpoint', '999', '--images', images, ...out]);
    expect(noRun.code).toBe(1);
    expect(noRun.err).toMatch(/Run 999 does not exist/);
    expect((await cli(['cosegment', ...base, '--like', '3', '--images', images, ...out])).err).toMatch(/--like only goes with --checkpoint random/);

    const over = await cli(['cosegment', ...base, '--images', images, '--out', images]);
    expect(over.code).toBe(1);
    expect(over.err).toMatch(/would overwrite the image .*ph-1.png/);
  });
});
