import { describe, expect, it } from 'vitest';
import { PAIR_COLORS, categoryColor, pairColor, parseColor } from '../../../renderer/src/explore/model/colors';
import { decodeBase64, decodeLabels, labelsRgba, partColors } from '../../../renderer/src/explore/model/labels';

describe('colours', () => {
  it('parses hex, rgb() and the names the figures use', () => {
    expect(parseColor('#f80')).toEqual([255, 136, 0]);
    expect(parseColor('#1F77B4')).toEqual([31, 119, 180]);
    expect(parseColor('rgb(1, 2, 3)')).toEqual([1, 2, 3]);
    expect(parseColor('rgba(1,2,3,0.5)')).toEqual([1, 2, 3]);
    expect(parseColor('darkgreen')).toEqual([0, 100, 0]);
    for (const name of PAIR_COLORS) expect(parseColor(name)).not.toBeNull();
    for (const bad of ['', '#12', 'rgb(256, 0, 0)', 'salmonish']) expect(parseColor(bad)).toBeNull();
  });

  it('gives pairs the published colour order, then tab10', () => {
    expect([0, 1, 2, 3].map(pairColor)).toEqual(['red', 'yellow', 'blue', 'lime']);
    expect(pairColor(14)).toBe('blueviolet');
    expect(pairColor(15)).toBe('#1f77b4');
    expect(categoryColor(0)).toBe('#1f77b4');
    expect(categoryColor(10)).toBe('hsl(295 65% 45%)');
  });
});

describe('label maps', () => {
  it('decodes base64 bytes and checks them against the grid', () => {
    // [0, 1, 2, 255] in base64.
    expect(Array.from(decodeBase64('AAEC/w=='))).toEqual([0, 1, 2, 255]);
    expect(Array.from(decodeLabels({ rows: 2, cols: 2, base64: 'AAEC/w==' }))).toEqual([0, 1, 2, 255]);
    expect(() => decodeLabels({ rows: 2, cols: 3, base64: 'AAEC/w==' })).toThrow('A 2×3 label map needs 6 bytes, it has 4.');
  });

  it('paints shown parts opaque and leaves background, hidden and unknown labels transparent', () => {
    const parts = [
      { index: 0, color: 'black' },
      { index: 1, color: 'red' },
      { index: 2, color: '#0000ff' },
      { index: 3, color: 'not-a-colour' },
    ];
    const colors = partColors(parts, (i) => i !== 2);
    expect([...colors.keys()]).toEqual([1, 3]);
    const rgba = labelsRgba(new Uint8Array([0, 1, 2, 3, 7]), colors);
    expect(Array.from(rgba)).toEqual([0, 0, 0, 0, 255, 0, 0, 255, 0, 0, 0, 0, 128, 128, 128, 255, 0, 0, 0, 0]);
  });
});
