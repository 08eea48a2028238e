import { useEffect, useLayoutEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatTick } from '../model/metrics';

export const CHART_HEIGHT = 150;

const AXIS = { stroke: '#5f6b7a', font: '11px system-ui, sans-serif', grid: { stroke: '#edf0f3', width: 1 }, ticks: { stroke: '#d8dde4', width: 1, size: 4 } };

/** Axes, scales and cursor shared by every chart: steps on x, compact numbers on y, optional log y. */
export function baseOptions(width: number, o: { log: boolean; syncKey?: string; series: uPlot.Series[]; height?: number; legend?: boolean }): uPlot.Options {
  return {
    width,
    height: o.height ?? CHART_HEIGHT,
    pxAlign: false,
    scales: { x: { time: false }, y: { distr: o.log ? 3 : 1 } },
    axes: [
      { ...AXIS, size: 26, values: (_u, vals) => vals.map((v) => (v >= 1000 ? `${v / 1000}k` : String(v))) },
      // Log axes pass null for the minor ticks they leave unlabelled.
      { ...AXIS, size: 52, values: (_u, vals) => vals.map((v) => (v === null || v === undefined ? null : formatTick(v))) as string[] },
    ],
    legend: { show: o.legend ?? false },
    cursor: { sync: o.syncKey ? { key: o.syncKey } : undefined, drag: { x: true, y: false }, points: { size: 6 } },
    series: [{ label: 'step' }, ...o.series],
  };
}

/**
 * A uPlot instance in the returned container: created again when `recreateKey` changes (scale type, series), fed new
 * data in place otherwise (no re-creation per poll), resized with its container. A drag-zoom survives new data until
 * a double click resets it.
 */
export function useUplot(makeOptions: (width: number) => uPlot.Options, data: uPlot.AlignedData, recreateKey: string) {
  const containerRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const dataRef = useRef(data);
  dataRef.current = data;
  const makeRef = useRef(makeOptions);
  makeRef.current = makeOptions;
  const zoomed = useRef(false);

  useLayoutEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const opts = makeRef.current(Math.max(200, el.clientWidth));
    opts.hooks = {
      ...opts.hooks,
      setSelect: [...(opts.hooks?.setSelect ?? []), (u) => (zoomed.current = u.select.width > 0 || zoomed.current)],
      ready: [
        ...(opts.hooks?.ready ?? []),
        (u) => u.over.addEventListener('dblclick', () => (zoomed.current = false)),
      ],
    };
    zoomed.current = false;
    const plot = new uPlot(opts, dataRef.current, el);
    plotRef.current = plot;
    const observer = new ResizeObserver(() => {
      const width = Math.max(200, el.clientWidth);
      if (Math.abs(width - plot.width) > 1) plot.setSize({ width, height: plot.height });
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      plot.destroy();
      plotRef.current = null;
    };
  }, [recreateKey]);

  useEffect(() => {
    plotRef.current?.setData(data, !zoomed.current);
  }, [data]);

  return { containerRef, plotRef };
}
