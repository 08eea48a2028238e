import { useState } from 'react';
import type { ImportSummary } from '../../../../app/api/contract';
import { copyText, downloadText } from '../../common/download';
import { formatCount, formatRate } from '../../common/format';
import { csvFileName, failuresCsv, REPORT_COUNTS, reportText } from './importReport';

interface ImportReportProps {
  readonly title: string;
  readonly datasetName: string;
  readonly summary: ImportSummary;
}

/** The final report of an import: the counts, the failed files with their reasons, and ways to take them elsewhere. */
export function ImportReport({ title, datasetName, summary }: ImportReportProps) {
  const [notice, setNotice] = useState('');
  const processed = summary.imported + summary.duplicates + summary.noImage + summary.failed;

  const copy = async () => {
    try {
      await copyText(reportText(title, summary));
      setNotice('Report copied to the clipboard.');
    } catch (err) {
      setNotice((err as Error).message);
    }
  };

  const exportCsv = () => {
    const name = csvFileName(datasetName, summary.importId);
    downloadText(name, failuresCsv(summary.failures));
    setNotice(`Saved ${name}.`);
  };

  return (
    <section className="import-report" aria-label="Import report">
      <dl className="report-counts" aria-label="Import counts">
        {REPORT_COUNTS.map((c) => (
          <div key={c.key} className={`report-count count-${c.key}${summary[c.key] > 0 ? ' nonzero' : ''}`} title={c.help}>
            <dt>{c.label}</dt>
            <dd data-testid={`count-${c.key}`}>{formatCount(summary[c.key])}</dd>
          </div>
        ))}
      </dl>
      <p className="muted report-timing">
        {formatCount(processed)} files processed in {summary.seconds.toFixed(1)} s ({formatRate(summary.imagesPerSecond)} images/s).
      </p>
      {summary.failures.length > 0 ? (
        <>
          <h3>Failed files</h3>
          <div className="failures-scroll">
            <table className="table compact failures" aria-label="Failed files">
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {summary.failures.map((f) => (
                  <tr key={f.path}>
                    <td className="path" title={f.path}>
                      {f.path}
                    </td>
                    <td>{f.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {summary.failures.length < summary.failed && (
            <p className="muted hint">
              The first {formatCount(summary.failures.length)} of {formatCount(summary.failed)} failures are listed; filter the dataset by
              “Failed” to see them all.
            </p>
          )}
        </>
      ) : (
        <p className="muted">No file failed.</p>
      )}
      <div className="report-actions">
        <button type="button" onClick={copy}>
          Copy report
        </button>
        <button type="button" onClick={exportCsv} disabled={summary.failures.length === 0}>
          Export CSV
        </button>
        <span className="notice" role="status">
          {notice}
        </span>
      </div>
    </section>
  );
}
