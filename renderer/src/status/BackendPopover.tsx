import { useEffect, useRef } from 'react';
import type { BackendReport } from '../../../app/api/contract';
import { ProbePanel } from './ProbePanel';

const STATUS_LABEL: Record<BackendReport['attempts'][number]['status'], string> = {
  active: 'active',
  available: 'available',
  not_installed: 'not installed',
  failed: 'failed',
  skipped: 'skipped',
};

/** Every backend that was tried, in preference order, with the reason it is or is not in use. */
export function BackendPopover({ id, report, onClose }: { id: string; report: BackendReport; onClose(): void }) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    const onPointer = (e: PointerEvent) => {
      const target = e.target as Node;
      if (ref.current?.contains(target)) return;
      if ((target as Element).closest?.('[data-popover-toggle]')) return;
      onClose();
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [onClose]);

  return (
    <div ref={ref} id={id} className="popover" role="dialog" aria-label="Compute backend">
      <div className="popover-header">
        <h2>Compute backend</h2>
        <button type="button" className="icon" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      <p className="muted">
        Active: <strong>{report.summary}</strong> · TensorFlow.js {report.tfjsVersion}
      </p>
      <table className="table compact" aria-label="Backend attempts">
        <thead>
          <tr>
            <th scope="col">Backend</th>
            <th scope="col">Status</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {report.attempts.map((a) => (
            <tr key={a.name}>
              <th scope="row" title={a.module}>
                {a.name}
              </th>
              <td>
                <span className={`pill pill-${a.status}`}>{STATUS_LABEL[a.status]}</span>
              </td>
              <td>{a.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Throughput probe</h3>
      <ProbePanel />
    </div>
  );
}
