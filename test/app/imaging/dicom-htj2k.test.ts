import openjph from '@cornerstonejs/codec-openjph';
import { describe, expect, it } from 'vitest';
import { decodeImageBytes } from '../../../app/imaging/decode';
import { imagePixel, writeDicom } from '../../helpers/dicom-writer';

interface Encoder {
  getDecodedBuffer(info: { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean; isUsingColorTransform: boolean }): Uint8Array;
  encode(): void;
  getEncodedBuffer(): Uint8Array;
  delete(): void;
}

/** HTJ2K has no public DICOM sample here, so the test encodes one with openjph's own encoder and decodes it back. */
describe('HTJ2K lossless (1.2.840.10008.1.2.4.201)', () => {
  it('round-trips 12-bit stored values exactly', async () => {
    const W = 40;
    const H = 30;
    const values = Uint16Array.from({ length: W * H }, (_, i) => (i * 37) % 4096);
    const codec = (await openjph({ print: () => {}, printErr: () => {} })) as unknown as { HTJ2KEncoder: new () => Encoder };
    const encoder = new codec.HTJ2KEncoder();
    encoder.getDecodedBuffer({ width: W, height: H, bitsPerSample: 12, componentCount: 1, isSigned: false, isUsingColorTransform: false }).set(new Uint8Array(values.buffer));
    encoder.encode();
    const stream = encoder.getEncodedBuffer().slice();
    encoder.delete();
    const els = [...imagePixel({ rows: H, cols: W, bitsStored: 12 }), { tag: 0x7fe00010, vr: 'OB', value: { fragments: [stream] } }];
    const r = await decodeImageBytes(writeDicom(els, { transferSyntax: '1.2.840.10008.1.2.4.201' }), 'htj2k.dcm');
    if (r.kind !== 'image') throw new Error(r.reason);
    expect(Array.from(r.frames[0]!)).toEqual(Array.from(values));
  });
});
