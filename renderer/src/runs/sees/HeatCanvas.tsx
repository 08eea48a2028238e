import { useLayoutEffect, useRef } from 'react';
import type { SimilarityMap } from '../../../../app/api/schemas/runs';
import { heatmapRgba } from '../model/heatmap';

/** A similarity map, one canvas pixel per token, stretched over its container (token squares stay visible). */
export function HeatCanvas({ map }: { map: SimilarityMap }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useLayoutEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    canvas.width = map.cols;
    canvas.height = map.rows;
    canvas.getContext('2d')!.putImageData(new ImageData(heatmapRgba(map.values), map.cols, map.rows), 0, 0);
  }, [map]);
  return <canvas ref={ref} className="sees-layer sees-heat" data-testid="similarity-map" data-token={`${map.row},${map.col}`} aria-hidden="true" />;
}
