import type { LandmarkValue, TemplatePoint } from './landmarks';
import { stateText } from './landmarks';

interface LandmarkListProps {
  readonly points: readonly TemplatePoint[];
  readonly values: readonly LandmarkValue[];
  readonly current: number;
  /** Landmarks with a suggestion ghost on screen. */
  readonly ghosted: ReadonlySet<string>;
  onSelect(index: number): void;
}

const STATE_MARK: Record<LandmarkValue['state'], string> = { placed: '●', absent: '⊘', unset: '○' };

/** Every landmark of the template in order with its state; the current one is marked; clicking selects. */
export function LandmarkList({ points, values, current, ghosted, onSelect }: LandmarkListProps) {
  const resolved = values.filter((v) => v.state !== 'unset').length;
  return (
    <section className="landmark-panel" aria-labelledby="landmarks-title">
      <h3 id="landmarks-title">
        Landmarks{' '}
        <span className="landmark-count" data-testid="landmark-count">
          {resolved} / {values.length}
        </span>
      </h3>
      <ol className="landmark-list" aria-label="Landmarks">
        {points.map((p, i) => {
          const v = values[i];
          if (!v) return null;
          const text = stateText(v);
          return (
            <li key={p.id}>
              <button
                type="button"
                className={`landmark-item state-${v.state}${i === current ? ' current' : ''}`}
                aria-current={i === current ? 'step' : undefined}
                data-landmark={p.id}
                data-state={v.state}
                title={`${p.description || p.name}${v.state === 'placed' ? ` — x ${v.x}, y ${v.y}` : ''}${v.movedBy !== null ? ` — moved ${v.movedBy.toFixed(1)} px from the suggestion` : ''}`}
                onClick={() => onSelect(i)}
              >
                <span className="swatch" style={{ background: p.colour }} aria-hidden="true" />
                <span className="landmark-index">{i + 1}</span>
                <span className="landmark-name">{p.name}</span>
                <span className="landmark-state" aria-label={text}>
                  <span aria-hidden="true">{STATE_MARK[v.state]}</span>
                  {v.locked && (
                    <span aria-hidden="true" className="flag lock-flag" title="Locked">
                      L
                    </span>
                  )}
                  {v.suggested && <span aria-hidden="true" className="flag" title="Placed from a suggestion">S</span>}
                  {ghosted.has(p.id) && <span aria-hidden="true" className="flag ghost-flag" title="Suggestion on screen">?</span>}
                </span>
                <span className="visually-hidden">{text}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
