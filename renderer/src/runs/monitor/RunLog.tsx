import { useEffect, useRef, useState } from 'react';
import type { Run } from '../../../../app/api/schemas/runs';
import { useApi } from '../../api/ApiContext';
import { errorMessage } from '../../api/fieldErrors';

/** The last lines of a run's log (runs.log), loaded when shown and again on request or when the status changes. */
export function RunLog({ run, open: initiallyOpen }: { run: Run; open: boolean }) {
  const api = useApi();
  const [open, setOpen] = useState(initiallyOpen);
  const [log, setLog] = useState<string>();
  const [error, setError] = useState<string>();
  const [nonce, setNonce] = useState(0);
  const preRef = useRef<HTMLPreElement>(null);

  useEffect(() => setOpen(initiallyOpen), [initiallyOpen]);

  useEffect(() => {
    if (!open) return;
    const controller = new AbortController();
    api.call('runs.log', { id: run.id }, { signal: controller.signal }).then(
      (r) => {
        setLog(r.log);
        setError(undefined);
      },
      (err: unknown) => {
        if (!controller.signal.aborted) setError(errorMessage(err));
      },
    );
    return () => controller.abort();
  }, [api, run.id, run.status, open, nonce]);

  useEffect(() => {
    const pre = preRef.current;
    if (pre) pre.scrollTop = pre.scrollHeight;
  }, [log]);

  return (
    <details className="run-log" open={open} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>Log (last 200 lines)</summary>
      {open && (
        <>
          <div className="run-log-bar">
            <button type="button" onClick={() => setNonce((n) => n + 1)}>
              Refresh
            </button>
          </div>
          {error && <p className="error-text">{error}</p>}
          <pre ref={preRef} className="log-tail" tabIndex={0} aria-label="Log tail" data-testid="run-log">
            {log === undefined ? 'Loading…' : log || '(empty)'}
          </pre>
        </>
      )}
    </details>
  );
}
