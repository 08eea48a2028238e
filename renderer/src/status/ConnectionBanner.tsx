import { useEffect, useState } from 'react';
import { useApi, useConnection } from '../api/ApiContext';

/** Shown while the web host cannot be reached; calls made meanwhile wait and go out when it is back. */
export function ConnectionBanner() {
  const api = useApi();
  const connection = useConnection();
  const [now, setNow] = useState(() => Date.now());
  const disconnected = connection.status !== 'open' && connection.failures > 0;

  useEffect(() => {
    if (!disconnected) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [disconnected]);

  if (!disconnected) return null;
  const seconds = connection.retryAt ? Math.max(0, Math.ceil((connection.retryAt - now) / 1000)) : 0;
  return (
    <div className="banner" role="alert">
      <strong>Disconnected</strong> from the studio host.{' '}
      {connection.status === 'connecting' || seconds === 0 ? 'Reconnecting…' : `Reconnecting in ${seconds} s.`}{' '}
      <button type="button" onClick={() => api.reconnectNow()} disabled={connection.status === 'connecting'}>
        Reconnect now
      </button>
    </div>
  );
}
