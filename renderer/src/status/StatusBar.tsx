import { useCallback, useId, useState } from 'react';
import { useApiQuery } from '../api/useApiQuery';
import { BackendPopover } from './BackendPopover';

/** App and code version, the database in use and the active compute backend, always visible. */
export function StatusBar() {
  const info = useApiQuery('app.info', {});
  const backend = useApiQuery('compute.status', {});
  const [open, setOpen] = useState(false);
  const popoverId = useId();
  const close = useCallback(() => setOpen(false), []);
  const report = backend.data;
  const tooltip = report?.attempts.map((a) => `${a.name}: ${a.status.replace('_', ' ')} — ${a.reason}`).join('\n');

  return (
    <footer className="status-bar" aria-label="Status bar">
      <span className="status-item" data-testid="status-version">
        {info.data ? (
          <>
            {info.data.name} {info.data.version} <span className="muted">· code {info.data.codeVersion}</span>
          </>
        ) : (
          (info.error?.message ?? 'Loading…')
        )}
      </span>
      <span className="status-item grow" data-testid="status-database" title={info.data ? `Data folder: ${info.data.dataDir}` : undefined}>
        {info.data && (
          <>
            <span className="muted">Database</span> <span className="path">{info.data.databasePath}</span>
          </>
        )}
      </span>
      <span className="status-item backend">
        <button
          type="button"
          className={report && report.active === null ? 'status-button warn' : 'status-button'}
          data-popover-toggle
          aria-expanded={open}
          aria-controls={open ? popoverId : undefined}
          aria-haspopup="dialog"
          title={tooltip}
          disabled={!report}
          onClick={() => setOpen((o) => !o)}
          data-testid="status-backend"
        >
          Backend: {report ? report.summary : backend.error ? 'unknown' : 'detecting…'}
        </button>
        {open && report && <BackendPopover id={popoverId} report={report} onClose={close} />}
      </span>
    </footer>
  );
}
