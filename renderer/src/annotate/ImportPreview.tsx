import type { ImportReport } from '../../../app/api/schemas/annotations';
import { formatCount } from '../common/format';

type Problems = ImportReport['problems'];

const PROBLEM_LABELS: Record<keyof Problems, string> = {
  unknownImages: 'Images not in this dataset',
  ambiguousImages: 'Ambiguous image names',
  unknownLandmarks: 'Landmarks not in the template',
  outOfBounds: 'Points outside their image',
  sizeMismatches: 'Image sizes that differ',
  duplicates: 'Repeated entries',
  locked: 'Locked points left alone',
};

function example(key: keyof Problems, e: Problems[keyof Problems]['examples'][number]): string {
  const x = e as Record<string, unknown>;
  switch (key) {
    case 'unknownImages':
      return `${String(x.file)} (${String(x.entries)} entries)`;
    case 'ambiguousImages':
      return `${String(x.file)}: ${(x.candidates as string[]).join(', ')}`;
    case 'unknownLandmarks':
      return `${String(x.landmark)} (${String(x.entries)} entries)`;
    case 'outOfBounds':
      return `${String(x.file)} ${String(x.landmark)} at ${String(x.x)}, ${String(x.y)} (${String(x.width)}×${String(x.height)}; ${String(x.where)})`;
    case 'sizeMismatches':
      return `${String(x.file)}: ${String(x.fileWidth)}×${String(x.fileHeight)} in the file, ${String(x.width)}×${String(x.height)} here`;
    case 'duplicates':
      return `${String(x.file)} ${String(x.landmark)} by ${String(x.annotator)} (${String(x.where)})`;
    case 'locked':
      return `${String(x.file)} ${String(x.landmark)} by ${String(x.annotator)}`;
  }
}

/** What an import would write (or wrote) and every kind of problem with examples. */
export function ImportPreview({ report }: { report: ImportReport }) {
  const { written } = report;
  const problems = (Object.keys(PROBLEM_LABELS) as (keyof Problems)[]).filter((k) => report.problems[k].count > 0);
  return (
    <section className="import-preview" aria-label={report.dryRun ? 'Import preview' : 'Import result'}>
      <h3>{report.dryRun ? 'Preview — nothing written yet' : 'Imported'}</h3>
      <dl className="report-counts">
        {(
          [
            ['Entries read', report.entries, 'entries'],
            ['Placed', written.placed, 'placed'],
            ['Absent', written.absent, 'absent'],
            ['Images', written.images, 'images'],
            ['Replaced', written.replaced, 'replaced'],
            ['Unchanged', written.unchanged, 'unchanged'],
          ] as const
        ).map(([label, n, key]) => (
          <div key={key} className="report-count">
            <dt>{label}</dt>
            <dd data-testid={`import-${key}`}>{formatCount(n)}</dd>
          </div>
        ))}
      </dl>
      <p>
        Template: <strong>{report.template.name}</strong>
        {report.template.created ? (report.dryRun ? ' (would be created)' : ' (created)') : ''}; annotators: {written.annotators.join(', ') || '—'}
      </p>
      {problems.length === 0 ? (
        <p className="ok-text">No problems found.</p>
      ) : (
        <ul className="import-problems" aria-label="Problems">
          {problems.map((k) => (
            <li key={k}>
              <strong>
                {PROBLEM_LABELS[k]}: {formatCount(report.problems[k].count)}
              </strong>
              <ul>
                {report.problems[k].examples.slice(0, 5).map((e, i) => (
                  <li key={i}>{example(k, e)}</li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
      {report.messages.length > 0 && (
        <ul className="import-messages">
          {report.messages.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
