import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeImageBytes } from '../../../app/imaging/decode';
import { DecodeError } from '../../../app/imaging/errors';
import { renderDisplay } from '../../../app/imaging/pixels/render';
import type { DecodedImage, DecodeResult } from '../../../app/imaging/types';
import { imagePixel, words, writeDicom, writeElements, type El } from '../../helpers/dicom-writer';

const IMPLICIT = '1.2.840.10008.1.2';
const EXPLICIT = '1.2.840.10008.1.2.1';
const BIG = '1.2.840.10008.1.2.2';
const DEFLATED = '1.2.840.10008.1.2.1.99';
const RLE = '1.2.840.10008.1.2.5';

const VALUES = [0, 1, 511, 1023, 2048, 4095]; // 2 × 3, 12-bit

function gray12(extra: El[] = [], values = VALUES): El[] {
  return [...imagePixel({ rows: 2, cols: 3, bitsStored: 12 }), { tag: 0x7fe00010, vr: 'OW', value: words(values) }, ...extra];
}

function expectImage(r: DecodeResult): DecodedImage {
  if (r.kind !== 'image') throw new Error(`expected an image, got no_image: ${r.reason}`);
  return r;
}

const decode = async (bytes: Uint8Array, salt?: string) => expectImage(await decodeImageBytes(bytes, 'synthetic.dcm', salt ? { patientKeySalt: salt } : {}));

describe('DICOM containers', () => {
  it('reads a standard Part 10 file (explicit VR little endian)', async () => {
    const img = await decode(writeDicom(gray12(), { transferSyntax: EXPLICIT }));
    expect([img.width, img.height]).toEqual([3, 2]);
    expect(Array.from(img.frames[0]!)).toEqual(VALUES);
    expect(img.metadata.transferSyntax).toBe(EXPLICIT);
  });

  it('reads a file without the 128-byte preamble (file meta at byte 0)', async () => {
    const img = await decode(writeDicom(gray12(), { transferSyntax: EXPLICIT, preamble: false }));
    expect(Array.from(img.frames[0]!)).toEqual(VALUES);
  });

  it('reads a bare implicit VR dataset: no preamble, no file meta', async () => {
    const img = await decode(writeDicom(gray12(), { transferSyntax: IMPLICIT, preamble: false, meta: false }));
    expect(Array.from(img.frames[0]!)).toEqual(VALUES);
    expect(img.metadata.transferSyntax).toBe(IMPLICIT);
  });

  it('infers the transfer syntax when the meta lacks (0002,0010)', async () => {
    const img = await decode(writeDicom(gray12(), { transferSyntax: IMPLICIT, metaTransferSyntax: false }));
    expect(Array.from(img.frames[0]!)).toEqual(VALUES);
    expect(img.warnings.join(' ')).toMatch(/Transfer Syntax UID \(0002,0010\)/);
  });

  it('reads explicit VR big endian, swapping 16-bit samples', async () => {
    const els = [...imagePixel({ rows: 2, cols: 3, bitsStored: 12 }), { tag: 0x7fe00010, vr: 'OW', value: words(VALUES, true) }];
    const img = await decode(writeDicom(els, { transferSyntax: BIG }));
    expect(Array.from(img.frames[0]!)).toEqual(VALUES);
  });

  it('reads deflated explicit VR little endian', async () => {
    const plain = writeDicom(gray12(), { transferSyntax: DEFLATED });
    // Deflate everything after the file meta: rebuild with the dataset compressed.
    const dataset = writeElements(gray12(), false, true);
    const head = plain.subarray(0, plain.length - dataset.length);
    const bytes = new Uint8Array([...head, ...deflateRawSync(dataset)]);
    const img = await decode(bytes);
    expect(Array.from(img.frames[0]!)).toEqual(VALUES);
  });
});

describe('DICOM pixel pipeline', () => {
  it('signed 16-bit with rescale: stored values sign-extended, modality values rescaled', async () => {
    const stored = [-2048, -1, 0, 1, 2047, -1000];
    const els = [
      ...imagePixel({ rows: 2, cols: 3, bitsStored: 12, signed: true }),
      { tag: 0x00281052, vr: 'DS', value: '-1024' },
      { tag: 0x00281053, vr: 'DS', value: '2' },
      { tag: 0x7fe00010, vr: 'OW', value: words(stored.map((v) => v & 0x0fff)) },
    ];
    const img = await decode(writeDicom(els, { transferSyntax: EXPLICIT }));
    expect(img.frames[0]).toBeInstanceOf(Int16Array);
    expect(Array.from(img.frames[0]!)).toEqual(stored);
    expect(img.modalityLut).toEqual({ kind: 'rescale', slope: 2, intercept: -1024 });
    const { modalityValues } = await import('../../../app/imaging/pixels/modality');
    expect(Array.from(modalityValues(img.frames[0]!, img.pixel, img.modalityLut))).toEqual(stored.map((v) => v * 2 - 1024));
  });

  it('reads multiple windows, their explanations and the VOI LUT Function', async () => {
    const els = gray12([
      { tag: 0x00281050, vr: 'DS', value: '100\\2000' },
      { tag: 0x00281051, vr: 'DS', value: '50\\4000' },
      { tag: 0x00281055, vr: 'LO', value: 'NARROW\\WIDE' },
      { tag: 0x00281056, vr: 'CS', value: 'SIGMOID' },
    ]);
    const img = await decode(writeDicom(els, { transferSyntax: EXPLICIT }));
    expect(img.vois).toEqual([
      { kind: 'window', center: 100, width: 50, function: 'SIGMOID', explanation: 'NARROW' },
      { kind: 'window', center: 2000, width: 4000, function: 'SIGMOID', explanation: 'WIDE' },
    ]);
    const display = renderDisplay(img, { voi: 1 });
    // SIGMOID at x = 2048, c = 2000, w = 4000
    expect(display[4]).toBe(Math.round(255 / (1 + Math.exp((-4 * 48) / 4000))));
  });

  it('MONOCHROME1 displays inverted: the highest stored value is darkest', async () => {
    const els = [...gray12([{ tag: 0x00281050, vr: 'DS', value: '2048' }, { tag: 0x00281051, vr: 'DS', value: '4096' }])];
    const mono1 = els.map((e) => (e.tag === 0x00280004 ? { ...e, value: 'MONOCHROME1' } : e));
    const img = await decode(writeDicom(mono1, { transferSyntax: EXPLICIT }));
    expect(img.invert).toBe(true);
    const d = renderDisplay(img);
    expect(d[0]).toBe(255); // stored 0 → white
    expect(d[5]).toBe(0); // stored 4095 → black
  });

  it('Presentation LUT Shape INVERSE inverts a MONOCHROME2 image', async () => {
    const img = await decode(writeDicom(gray12([{ tag: 0x20500020, vr: 'CS', value: 'INVERSE' }]), { transferSyntax: EXPLICIT }));
    expect(img.invert).toBe(true);
    const d = renderDisplay(img);
    expect(d[0]).toBeGreaterThan(d[5]!);
  });

  it('applies a VOI LUT Sequence', async () => {
    const lutItem: El[] = [
      { tag: 0x00283002, vr: 'US', value: [3, 0, 8] },
      { tag: 0x00283006, vr: 'OW', value: words([0, 100, 255]) },
    ];
    const img = await decode(writeDicom(gray12([{ tag: 0x00283010, vr: 'SQ', value: [lutItem] }], [0, 1, 2, 3, 4000, 2]), { transferSyntax: EXPLICIT }));
    expect(img.vois[0]?.kind).toBe('lut');
    expect(Array.from(renderDisplay(img))).toEqual([0, 100, 255, 255, 255, 255]);
  });

  it('converts RGB to gray with BT.601 luma weights', async () => {
    const rgb = Uint8Array.of(255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255);
    const els = [...imagePixel({ rows: 2, cols: 2, bitsAllocated: 8, photometric: 'RGB', samplesPerPixel: 3 }), { tag: 0x7fe00010, vr: 'OB', value: rgb }];
    const img = await decode(writeDicom(els, { transferSyntax: EXPLICIT }));
    expect(Array.from(img.frames[0]!)).toEqual([76, 150, 29, 255]);
    expect(img.metadata.photometric).toBe('RGB');
    expect(img.metadata.samplesPerPixel).toBe(3);
  });

  it('decodes RLE lossless (PackBits literal and replicate runs, two byte planes)', async () => {
    const values = [0, 1023, 1023, 1023, 4095, 7];
    const hi = Uint8Array.from(values.map((v) => v >> 8));
    const lo = Uint8Array.from(values.map((v) => v & 255));
    // High plane as literals; low plane as literal "0", replicate 255 × 3, literals "255, 7".
    const segHi = Uint8Array.of(5, ...hi);
    const segLo = Uint8Array.of(0, lo[0]!, 254, 255, 1, 255, 7);
    const header = new DataView(new ArrayBuffer(64));
    header.setUint32(0, 2, true);
    header.setUint32(4, 64, true);
    header.setUint32(8, 64 + segHi.length, true);
    const frame = new Uint8Array([...new Uint8Array(header.buffer), ...segHi, ...segLo]);
    const els = [...imagePixel({ rows: 2, cols: 3, bitsStored: 12 }), { tag: 0x7fe00010, vr: 'OB', value: { fragments: [frame] } }];
    const img = await decode(writeDicom(els, { transferSyntax: RLE }));
    expect(Array.from(img.frames[0]!)).toEqual(values);
  });

  it('decodes the first frame by default and all frames on request', async () => {
    const els = [
      ...imagePixel({ rows: 1, cols: 2 }),
      { tag: 0x00280008, vr: 'IS', value: '3' },
      { tag: 0x7fe00010, vr: 'OW', value: words([1, 2, 3, 4, 5, 6]) },
    ];
    const bytes = writeDicom(els, { transferSyntax: EXPLICIT });
    const first = await decode(bytes);
    expect(first.frameCount).toBe(3);
    expect(first.frames.map((f) => Array.from(f))).toEqual([[1, 2]]);
    const all = expectImage(await decodeImageBytes(bytes, 'x', { allFrames: true }));
    expect(all.frames.map((f) => Array.from(f))).toEqual([[1, 2], [3, 4], [5, 6]]);
  });
});

describe('DICOM privacy and errors', () => {
  const withPatient = gray12([
    { tag: 0x00100010, vr: 'PN', value: 'Doe^Jane' },
    { tag: 0x00100020, vr: 'LO', value: 'PID-987654' },
    { tag: 0x00100030, vr: 'DA', value: '19700101' },
    { tag: 0x00100040, vr: 'CS', value: 'F' },
    { tag: 0x00101010, vr: 'AS', value: '054Y' },
    { tag: 0x00080060, vr: 'CS', value: 'DX' },
    { tag: 0x00185101, vr: 'CS', value: 'PA' },
    { tag: 0x00280030, vr: 'DS', value: '0.15\\0.16' },
  ]);

  it('keys the patient with a salted hash and never returns the raw ID, name or birth date', async () => {
    const bytes = writeDicom(withPatient, { transferSyntax: EXPLICIT });
    const a1 = await decode(bytes, 'salt-A');
    const a2 = await decode(bytes, 'salt-A');
    const b = await decode(bytes, 'salt-B');
    expect(a1.metadata.patientKey).toMatch(/^[0-9a-f]{64}$/);
    expect(a1.metadata.patientKey).toBe(a2.metadata.patientKey);
    expect(b.metadata.patientKey).not.toBe(a1.metadata.patientKey);
    const json = JSON.stringify(a1);
    for (const secret of ['PID-987654', 'Doe', 'Jane', '19700101']) expect(json).not.toContain(secret);
    expect(a1.metadata).toMatchObject({ sex: 'F', age: '054Y', modality: 'DX', viewPosition: 'PA', pixelSpacing: [0.15, 0.16] });
  });

  it('reports a dataset without Pixel Data as no_image', async () => {
    const r = await decodeImageBytes(writeDicom([{ tag: 0x00080060, vr: 'CS', value: 'SR' }], { transferSyntax: EXPLICIT }), 'sr.dcm');
    expect(r).toMatchObject({ kind: 'no_image', reason: expect.stringMatching(/no Pixel Data \(7FE0,0010\).*SR/) });
  });

  it('names the missing attribute and the file', async () => {
    const els = gray12().filter((e) => e.tag !== 0x00280010);
    const err = await decodeImageBytes(writeDicom(els, { transferSyntax: EXPLICIT }), 'norows.dcm').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DecodeError);
    expect((err as DecodeError).message).toBe('norows.dcm: Rows (0028,0010) missing');
    expect((err as DecodeError).code).toBe('invalid_input');
  });

  it('reports truncated pixel data with byte counts', async () => {
    const els = gray12([], [1, 2, 3, 4]);
    const err = await decodeImageBytes(writeDicom(els, { transferSyntax: EXPLICIT }), 'short.dcm').catch((e: unknown) => e as DecodeError);
    expect((err as DecodeError).reason).toMatch(/holds 8 bytes .* need 12/);
  });
});
