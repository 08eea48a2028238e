import { useId } from 'react';

/** A labelled 0–100 % slider with its value shown next to it (overlay opacity). */
export function OpacitySlider({ label, value, onChange }: { label: string; value: number; onChange(value: number): void }) {
  const id = useId();
  return (
    <span className="inline-control">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="range" min={0} max={1} step={0.05} value={value} onChange={(e) => onChange(Number(e.target.value))} />
      <output htmlFor={id} className="slider-value">
        {Math.round(value * 100)} %
      </output>
    </span>
  );
}
