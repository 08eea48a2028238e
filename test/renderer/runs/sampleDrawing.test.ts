import { describe, expect, it } from 'vitest';
import type { SampleView } from '../../../app/api/schemas/runs';
import { centreOf, cropViewport, gridLines, tokenRect, viewBoxOf } from '../../../renderer/src/runs/model/sampleDrawing';

const view: SampleView = { label: 'S', box: { x: 10, y: 20, width: 40, height: 40 }, tokens: 4, overlap: new Array(16).fill(0) };

describe('drawing a sample view', () => {
  it('places token t row-major inside the crop box', () => {
    expect(tokenRect(view, 0)).toEqual({ x: 10, y: 20, width: 10, height: 10 });
    expect(tokenRect(view, 6)).toEqual({ x: 30, y: 30, width: 10, height: 10 });
    expect(centreOf(tokenRect(view, 15))).toEqual({ x: 45, y: 55 });
  });

  it('draws tokens + 1 borders each way, frame included', () => {
    const lines = gridLines(view);
    expect(lines).toHaveLength(10);
    expect(lines[0]).toEqual({ x1: 10, y1: 20, x2: 10, y2: 60 });
    expect(lines[9]).toEqual({ x1: 10, y1: 60, x2: 50, y2: 60 });
  });

  it('shows a crop by zooming and panning the whole image', () => {
    // 40 image px onto a 200-px stage: scale 5, and the crop's corner (10, 20) at the stage origin.
    expect(cropViewport(view.box, 200)).toEqual({ scale: 5, x: -50, y: -100 });
    expect(viewBoxOf(view.box)).toBe('10 20 40 40');
  });
});
