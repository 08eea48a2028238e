import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeImageFile } from '../../../app/imaging/decode';
import { modalityValues } from '../../../app/imaging/pixels/modality';
import { renderDisplay } from '../../../app/imaging/pixels/render';
import type { DecodedImage } from '../../../app/imaging/types';
import { decodeInWorker } from '../../helpers/decode-in-worker';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const shared = path.resolve(repoRoot, '../shared');
const dicomDir = path.join(shared, 'data/dicom');
const present = fs.existsSync(dicomDir);
if (!present) console.warn(`[imaging] skipping real-DICOM tests: ${dicomDir} is absent`);

const LOSSLESS = ['RLE', 'JPLL', 'JLSL', 'J2KR'] as const;
const LOSSY = ['JPLY', 'JLSN', 'J2KI'] as const;

async function image(file: string): Promise<DecodedImage> {
  const r = await decodeImageFile(path.join(dicomDir, file), { patientKeySalt: 'test-salt' });
  if (r.kind !== 'image') throw new Error(`${file}: ${r.reason}`);
  return r;
}

describe.skipIf(!present)('NEMA WG-04 RG2/RG3 in every transfer syntax', () => {
  for (const base of ['RG2', 'RG3'] as const) {
    for (const suffix of LOSSLESS) {
      it(`${base}_${suffix} stored values equal ${base}_UNC exactly`, async () => {
        const [ref, got] = await Promise.all([image(`${base}_UNC.dcm`), image(`${base}_${suffix}.dcm`)]);
        expect([got.width, got.height]).toEqual([ref.width, ref.height]);
        expect(got.pixel).toEqual(ref.pixel);
        const a = ref.frames[0]!;
        const b = got.frames[0]!;
        expect(b.length).toBe(a.length);
        let firstDiff = -1;
        for (let i = 0; i < a.length; i++) {
          if (a[i] !== b[i]) {
            firstDiff = i;
            break;
          }
        }
        expect(firstDiff, `first differing pixel index`).toBe(-1);
      });
    }
    for (const suffix of LOSSY) {
      it(`${base}_${suffix} is close to ${base}_UNC (reports max error and PSNR)`, async () => {
        const [ref, got] = await Promise.all([image(`${base}_UNC.dcm`), image(`${base}_${suffix}.dcm`)]);
        const a = ref.frames[0]!;
        const b = got.frames[0]!;
        let maxErr = 0;
        let sq = 0;
        for (let i = 0; i < a.length; i++) {
          const d = a[i]! - b[i]!;
          sq += d * d;
          if (Math.abs(d) > maxErr) maxErr = Math.abs(d);
        }
        const peak = 2 ** ref.pixel.bitsStored - 1;
        const psnr = 10 * Math.log10((peak * peak) / (sq / a.length));
        console.info(`[imaging] ${base}_${suffix}: max |error| ${maxErr}, PSNR ${psnr.toFixed(1)} dB (peak ${peak})`);
        expect(psnr).toBeGreaterThan(35);
      });
    }
  }

  it('RG3 (MONOCHROME1) displays inverted so bone is bright', async () => {
    const rg3 = await image('RG3_UNC.dcm');
    expect(rg3.metadata.photometric).toBe('MONOCHROME1');
    expect(rg3.invert).toBe(true);
    const display = renderDisplay(rg3);
    const stored = rg3.frames[0]!;
    // In MONOCHROME1 low stored values are white: the darkest stored pixel must display at least as bright as the lightest.
    let lo = 0;
    let hi = 0;
    for (let i = 1; i < stored.length; i++) {
      if (stored[i]! < stored[lo]!) lo = i;
      if (stored[i]! > stored[hi]!) hi = i;
    }
    expect(display[lo]!).toBeGreaterThan(display[hi]!);
    const rg2 = await image('RG2_UNC.dcm');
    expect(rg2.invert).toBe(false);
  });

  it('gdcm-CR-MONO1-10-chest decodes as inverted 10-bit CR', async () => {
    const img = await image('gdcm-CR-MONO1-10-chest.dcm');
    expect([img.width, img.height, img.pixel.bitsStored, img.invert]).toEqual([440, 440, 10, true]);
  });

  it('CR-ModalitySequenceLUT applies its Modality LUT Sequence', async () => {
    const img = await image('CR-ModalitySequenceLUT.dcm');
    expect(img.modalityLut.kind).toBe('lut');
    if (img.modalityLut.kind !== 'lut') return;
    const { lut } = img.modalityLut;
    const stored = img.frames[0]!;
    const values = modalityValues(stored, img.pixel, img.modalityLut);
    for (const i of [0, 1000, 123456, stored.length - 1]) {
      const idx = Math.min(Math.max(stored[i]! - lut.firstMapped, 0), lut.data.length - 1);
      expect(values[i]).toBe(lut.data[idx]);
    }
    expect(values.some((v, i) => v !== stored[i])).toBe(true);
  });

  it.each(['chrJapMulti.dcm', 'Issue56-NoPixelData.dcm'])('%s is reported as no_image', async (file) => {
    const r = await decodeImageFile(path.join(dicomDir, file));
    expect(r.kind).toBe('no_image');
    expect(r.kind === 'no_image' && r.reason).toMatch(/no Pixel Data/);
  });

  it('pseudonymous key is stable per salt, differs across salts, and the raw Patient ID never leaves', async () => {
    const file = path.join(dicomDir, 'RG2_UNC.dcm');
    const { default: dicomParser } = await import('dicom-parser');
    const rawId = dicomParser.parseDicom(fs.readFileSync(file), { untilTag: 'x00100020' }).string('x00100020')?.trim();
    const a = (await decodeImageFile(file, { patientKeySalt: 'one' })) as DecodedImage;
    const a2 = (await decodeImageFile(file, { patientKeySalt: 'one' })) as DecodedImage;
    const b = (await decodeImageFile(file, { patientKeySalt: 'two' })) as DecodedImage;
    if (!rawId) {
      console.warn('[imaging] RG2_UNC.dcm has no Patient ID; key checks skipped');
      return;
    }
    expect(a.metadata.patientKey).toBe(a2.metadata.patientKey);
    expect(a.metadata.patientKey).not.toBe(b.metadata.patientKey);
    const meta = JSON.stringify({ ...a, frames: [] });
    expect(meta).not.toContain(rawId);
  });
});

/**
 * Every malformed file must end in an image or a DecodeError with a specific reason — never a crash or a hang.
 * Each file decodes in its own worker thread that is terminated at the time limit, so even a synchronous endless
 * loop in a codec would fail this test instead of hanging it.
 */
describe.skipIf(!present)('malformed DICOM files', () => {
  const malformedDir = path.join(dicomDir, 'malformed');
  const files = present ? fs.readdirSync(malformedDir).sort() : [];
  const PER_FILE_MS = 20_000;
  const decoder = pathToFileURL(path.join(repoRoot, 'app/imaging/decode.ts')).href;

  it.each(files)('%s ends in an image or a clear error', { timeout: PER_FILE_MS + 5000 }, async (file) => {
    const outcome = await decodeInWorker(path.join(malformedDir, file), decoder, PER_FILE_MS);
    expect(outcome.kind, 'decoder hung').not.toBe('timeout');
    if (outcome.kind === 'error') {
      expect(outcome.name).toBe('DecodeError');
      expect(outcome.reason.length).toBeGreaterThan(10);
      expect(outcome.reason).not.toMatch(/undefined|NaN|\[object/);
      console.info(`[imaging] ${file} → error: ${outcome.reason}`);
    } else if (outcome.kind === 'no_image') {
      console.info(`[imaging] ${file} → no_image: ${outcome.reason}`);
    } else if (outcome.kind === 'image') {
      expect(outcome.frames).toBe(outcome.frameCount);
      console.info(`[imaging] ${file} → image ${outcome.width}×${outcome.height}×${outcome.frameCount}${outcome.warnings.length ? ` (warnings: ${outcome.warnings.join('; ')})` : ''}`);
    }
  });
});
