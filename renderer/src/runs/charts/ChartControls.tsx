import { useEffect, useId, useState } from 'react';

const KEY = 'cxr.charts';

interface ChartPrefs {
  readonly smoothing: number;
  readonly log: boolean;
}

function stored(): ChartPrefs {
  try {
    const raw = JSON.parse(window.localStorage.getItem(KEY) ?? '{}') as Partial<ChartPrefs>;
    return { smoothing: typeof raw.smoothing === 'number' ? raw.smoothing : 0.6, log: raw.log === true };
  } catch {
    return { smoothing: 0.6, log: false };
  }
}

/** Smoothing and log scale, remembered across pages and sessions. */
export function useChartPrefs(): [ChartPrefs, (change: Partial<ChartPrefs>) => void] {
  const [prefs, setPrefs] = useState<ChartPrefs>(stored);
  useEffect(() => {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(prefs));
    } catch {
      // Preferences then last for this page only.
    }
  }, [prefs]);
  return [prefs, (change) => setPrefs((p) => ({ ...p, ...change }))];
}

/** The EMA smoothing slider (0 = raw … 0.99) and the log-scale toggle above a set of charts. */
export function ChartControls({ prefs, onChange, children }: { prefs: ChartPrefs; onChange(change: Partial<ChartPrefs>): void; children?: React.ReactNode }) {
  const id = useId();
  return (
    <div className="chart-controls" role="group" aria-label="Chart options">
      {children}
      <label htmlFor={`${id}-smoothing`}>Smoothing</label>
      <input
        id={`${id}-smoothing`}
        type="range"
        min={0}
        max={0.99}
        step={0.01}
        value={prefs.smoothing}
        aria-describedby={`${id}-smoothing-value`}
        onChange={(e) => onChange({ smoothing: Number(e.target.value) })}
      />
      <output id={`${id}-smoothing-value`} className="smoothing-value" htmlFor={`${id}-smoothing`}>
        {prefs.smoothing === 0 ? 'off' : prefs.smoothing.toFixed(2)}
      </output>
      <label className="check" title="Losses and the learning rate on a logarithmic axis">
        <input type="checkbox" checked={prefs.log} onChange={(e) => onChange({ log: e.target.checked })} />
        Log scale
      </label>
      <span className="muted chart-tip">Drag to zoom, double-click to reset.</span>
    </div>
  );
}
