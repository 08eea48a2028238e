import { describe, expect, it } from 'vitest';
import { mediaUrl } from '../../../renderer/src/api/media';
import { parsePixels } from '../../../renderer/src/data/viewer/pixels';
import { fitViewport, imagePointAt, oneToOne, panBy, wheelFactor, zoomAt } from '../../../renderer/src/data/viewer/viewport';

describe('viewport', () => {
  it('fits and centres the image', () => {
    expect(fitViewport({ width: 1000, height: 500 }, { width: 500, height: 500 })).toEqual({ scale: 0.5, x: 0, y: 125 });
    expect(fitViewport({ width: 100, height: 200 }, { width: 400, height: 400 })).toEqual({ scale: 2, x: 100, y: 0 });
  });

  it('zooms around the cursor: the image point under it stays put', () => {
    const view = { scale: 0.5, x: 10, y: 20 };
    const next = zoomAt(view, 2, 110, 70);
    expect(next.scale).toBe(1);
    // image point under the cursor before: ((110−10)/0.5, (70−20)/0.5) = (200, 100); after: same
    expect(imagePointAt(next, { width: 1000, height: 1000 }, 110, 70)).toEqual({ x: 200, y: 100 });
    expect(next).toEqual({ scale: 1, x: -90, y: -30 });
  });

  it('1:1 keeps the centre, pans add, wheel notches zoom by 1.2×', () => {
    const view = oneToOne({ scale: 0.25, x: 0, y: 0 }, { width: 400, height: 200 });
    expect(view).toEqual({ scale: 1, x: -600, y: -300 });
    expect(panBy(view, 5, -5)).toEqual({ scale: 1, x: -595, y: -305 });
    expect(wheelFactor(-100)).toBeCloseTo(1.2, 12);
    expect(wheelFactor(100)).toBeCloseTo(1 / 1.2, 12);
    expect(imagePointAt(view, { width: 10, height: 10 }, 0, 0)).toBeNull();
  });
});

describe('pixel responses and media URLs', () => {
  const headers = (h: Record<string, string>) => ({ get: (name: string) => h[name] ?? null });

  it('reads little-endian 16-bit samples and the units from the headers', () => {
    const body = new Uint8Array([0x01, 0x00, 0xff, 0xff, 0x34, 0x12, 0x00, 0x80]).buffer;
    const px = parsePixels(body, headers({ 'x-cxr-width': '2', 'x-cxr-height': '2', 'x-cxr-bits': '16', 'x-cxr-modality-lo': '-1024', 'x-cxr-modality-hi': '3071', 'x-cxr-inverted': 'true' }));
    expect([...px.samples]).toEqual([1, 65535, 0x1234, 0x8000]);
    expect(px).toMatchObject({ width: 2, height: 2, bits: 16, lo: -1024, hi: 3071, inverted: true });
  });

  it('rejects a short body or a missing header with a readable message', () => {
    const h = { 'x-cxr-width': '4', 'x-cxr-height': '4', 'x-cxr-bits': '8', 'x-cxr-modality-lo': '0', 'x-cxr-modality-hi': '255', 'x-cxr-inverted': 'false' };
    expect(() => parsePixels(new ArrayBuffer(10), headers(h))).toThrow(/has 10 bytes; 4×4 at 8 bits needs 16/);
    expect(() => parsePixels(new ArrayBuffer(16), headers({ ...h, 'x-cxr-bits': '' }))).toThrow(/x-cxr-bits/);
  });

  it('uses cxr-media: under Electron and the relative /media path on the web host', () => {
    expect(mediaUrl('thumbnail', 12, {})).toBe('/media/thumbnail/12');
    expect(mediaUrl('pixels', 5, { cxrBridge: { send() {}, onMessage() {} } })).toBe('cxr-media://media/pixels/5');
  });
});
