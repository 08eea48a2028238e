import { useState } from 'react';
import type { Dataset } from '../../../app/api/contract';
import type { Template } from '../../../app/api/schemas/annotations';
import { useApiQuery } from '../api/useApiQuery';
import { formatCount } from '../common/format';
import { FormError } from '../common/FormError';
import { PanelDialog } from '../common/PanelDialog';

const px = (v: number | null) => (v === null ? '—' : v.toFixed(1));

/** Per landmark: how far annotators' positions are apart (original pixels), with the outlier images named. */
export function AgreementDialog({ dataset, template, onClose }: { dataset: Dataset; template: Template; onClose(): void }) {
  const [factor, setFactor] = useState(3);
  const report = useApiQuery('annotations.agreement', { datasetId: dataset.id, templateId: template.id, outlierFactor: factor });
  const r = report.data;
  return (
    <PanelDialog title={`Agreement on “${dataset.name}”`} className="agreement-dialog" onClose={onClose}>
      <div className="exchange-row">
        <label className="filter">
          <span>Outlier above</span>
          <select aria-label="Outlier factor" value={factor} onChange={(e) => setFactor(Number(e.target.value))}>
            {[2, 3, 5, 10].map((f) => (
              <option key={f} value={f}>
                {f}× the median
              </option>
            ))}
          </select>
        </label>
        {r && (
          <span className="muted">
            {r.annotators.length > 0 ? r.annotators.join(', ') : 'No annotators'} · {formatCount(r.sharedImages)} images annotated by at least two
          </span>
        )}
      </div>
      {report.error && <FormError>{report.error.message}</FormError>}
      {!r && !report.error && <p className="muted">Computing…</p>}
      {r && r.annotators.length < 2 && <p className="muted">Agreement needs at least two annotators on the same images; so far there {r.annotators.length === 1 ? 'is one' : 'are none'}.</p>}
      {r && r.annotators.length >= 2 && (
        <div className="dialog-scroll">
          <table className="table compact" aria-label="Agreement per landmark">
            <thead>
              <tr>
                <th scope="col">Landmark</th>
                <th scope="col" className="num">
                  Images
                </th>
                <th scope="col" className="num">
                  Mean px
                </th>
                <th scope="col" className="num">
                  Median px
                </th>
                <th scope="col" className="num">
                  Max px
                </th>
                <th scope="col" className="num">
                  Placed vs absent
                </th>
                <th scope="col">Outliers</th>
              </tr>
            </thead>
            <tbody>
              {r.landmarks.map((l) => (
                <tr key={l.landmark} className={l.outliers.length > 0 ? 'has-outliers' : undefined}>
                  <th scope="row">{l.name}</th>
                  <td className="num">{formatCount(l.images)}</td>
                  <td className="num">{px(l.meanDistance)}</td>
                  <td className="num">{px(l.medianDistance)}</td>
                  <td className="num">{px(l.maxDistance)}</td>
                  <td className="num">{formatCount(l.presenceDisagreements)}</td>
                  <td>
                    {l.outliers.length === 0
                      ? '—'
                      : l.outliers.map((o) => (
                          <span key={o.imageId} className="outlier" title={o.positions.map((p) => `${p.annotator}: ${p.x}, ${p.y}`).join('; ')}>
                            ⚠ {o.fileName} ({o.distance.toFixed(1)} px)
                          </span>
                        ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </PanelDialog>
  );
}
