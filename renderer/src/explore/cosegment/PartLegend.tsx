import type { CosegmentOutput } from '../../../../app/api/schemas/explore';

type Part = CosegmentOutput['legend'][number];

/** The parts with their colours; each checkbox shows or hides its part on every image. */
export function PartLegend({ parts, hidden, onToggle }: { parts: readonly Part[]; hidden: ReadonlySet<number>; onToggle(index: number, shown: boolean): void }) {
  return (
    <ul className="part-legend" aria-label="Legend of parts">
      {parts.map((p) => (
        <li key={p.index} data-index={p.index}>
          <label className="check">
            <input type="checkbox" checked={!hidden.has(p.index)} onChange={(e) => onToggle(p.index, e.target.checked)} aria-label={`Show ${p.name}`} />
            <span className="swatch" style={{ background: p.color }} aria-hidden="true" />
            <span className="part-name">{p.name}</span>
          </label>
        </li>
      ))}
    </ul>
  );
}
