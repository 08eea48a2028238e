import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { datasetImage, fileImage } from '../../../../app/analysis/features/images';
import { processFile } from '../../../../app/import/process-file';
import { type Store, openStore } from '../../../../app/store/database';
import { writeGrayPng } from '../../../helpers/images';
import { useTempDir } from '../../../helpers/temp-dir';

const tempDir = useTempDir('cxr-analysis-images-');
const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

const sha256 = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('fileImage: the pixels an import would cache for training', () => {
  it('8-bit PNG: values as they are; key = content hash + cache variant', async () => {
    const root = tempDir();
    const file = path.join(root, 'eight.png');
    const pixels = await writeGrayPng(file, 40, 30, 8, 1);
    const image = await fileImage(file, { workDir: path.join(root, 'work') });
    expect([image.key, image.width, image.height]).toEqual([`${sha256(file)}.1024px.full16`, 40, 30]);
    const plane = await image.load();
    expect([plane.width, plane.height, plane.channels]).toEqual([40, 30, 1]);
    expect(Array.from(plane.data)).toEqual(Array.from(pixels));
  });

  it('16-bit PNG: stored values / 257; a large image is read at the 1024-px working size in its original frame', async () => {
    const root = tempDir();
    const small = path.join(root, 'sixteen.png');
    const pixels = await writeGrayPng(small, 50, 20, 16, 2);
    const image = await fileImage(small, { workDir: path.join(root, 'work') });
    const plane = await image.load();
    // Integer data without a modality LUT keeps its declared range: the 16-bit cache holds the stored values.
    expect(Array.from(plane.data)).toEqual(Array.from(pixels, (v) => Math.fround(v / 257)));

    const big = path.join(root, 'big.png');
    await writeGrayPng(big, 2000, 1000, 16, 3);
    const large = await fileImage(big, { workDir: path.join(root, 'work') });
    expect([large.width, large.height]).toEqual([2000, 1000]);
    const reduced = await large.load();
    expect([reduced.width, reduced.height]).toEqual([1024, 512]);
  });

  it('names the file and the problem', async () => {
    const root = tempDir();
    const bad = path.join(root, 'notes.png');
    fs.writeFileSync(bad, 'not an image');
    await expect(fileImage(bad, { workDir: path.join(root, 'work') })).rejects.toThrow(/notes\.png: .*unrecognised format/);
  });
});

describe('datasetImage', () => {
  it('reads the image’s cache file in the frame of its DB size, keyed like fileImage', async () => {
    const root = tempDir();
    const store = openStore(path.join(root, 'studio.sqlite'));
    stores.push(store);
    const { db } = store;
    const source = path.join(root, 'src', 'a.png');
    const pixels = await writeGrayPng(source, 64, 48, 8, 4);
    const dataDir = path.join(root, 'data');
    const cached = await processFile({ file: source, dataDir, settings: { longSide: 1024, depth: 16, thumbSize: 64 }, patientKeySalt: 's' });
    if (cached.kind !== 'image') throw new Error(cached.kind);
    const project = db.prepare("INSERT INTO projects (name) VALUES ('P')").run().lastInsertRowid;
    const dataset = db.prepare("INSERT INTO datasets (project_id, name) VALUES (?, 'D')").run(project).lastInsertRowid;
    const insert = db.prepare('INSERT INTO images (dataset_id, source_path, content_hash, status, rows, cols, cache_path) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const id = Number(insert.run(dataset, source, cached.hash, 'ok', 480, 640, cached.cachePath).lastInsertRowid);
    const image = datasetImage(db, dataDir, id);
    expect([image.key, image.width, image.height]).toEqual([`${cached.hash}.1024px.full16`, 640, 480]);
    expect(Array.from((await image.load()).data)).toEqual(Array.from(pixels));
    expect(image.key).toBe((await fileImage(source, { workDir: path.join(root, 'work') })).key);

    const failed = Number(insert.run(dataset, `${source}.bad`, null, 'error', null, null, null).lastInsertRowid);
    expect(() => datasetImage(db, dataDir, failed)).toThrow(/a\.png\.bad\) has no cached pixels \(status error/);
    fs.rmSync(path.join(dataDir, cached.cachePath));
    await expect(image.load()).rejects.toThrow(/cannot read its cache file .*re-import the dataset/);
  });
});
