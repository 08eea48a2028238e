import type { LandmarkEvalOutput } from '../../../../app/api/schemas/explore';
import { formatPx } from '../model/report';

type Case = LandmarkEvalOutput['worst'][number];

/** The largest errors, each one click from the Correspondence tab with its query point set. */
export function WorstCases({ cases, nameOf, onOpen }: { cases: readonly Case[]; nameOf(imageId: number): string; onOpen(c: Case): void }) {
  if (cases.length === 0) return null;
  return (
    <section className="worst-cases" aria-labelledby="worst-cases-title">
      <h3 id="worst-cases-title">Worst cases</h3>
      <ol>
        {cases.map((c, i) => (
          <li key={i}>
            <button type="button" className="link-button" onClick={() => onOpen(c)}>
              {c.landmark}: {formatPx(c.errorPx)} — {nameOf(c.queryImageId)} → {nameOf(c.keyImageId)}
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
