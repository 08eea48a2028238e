import { useEffect, useRef } from 'react';
import type { ActiveTimer } from './activeTime';

/** How often to check whether enough time has gathered to report it. */
const CHECK_EVERY_MS = 5_000;

/**
 * Reports the active time before it can be lost: once REPORT_EVERY_MS of it has gathered, and when the page is hidden
 * or unloaded (tab closed, window closed, app quit), which also stops counting until the annotator is back.
 * `report` hands over what the timer holds (ActiveTimer.take), so no time is reported twice.
 */
export function useTimeReports(timer: { readonly current: ActiveTimer }, report: () => void): void {
  const latest = useRef(report);
  latest.current = report;

  useEffect(() => {
    const check = window.setInterval(() => {
      if (timer.current.due(Date.now())) latest.current();
    }, CHECK_EVERY_MS);
    const hide = () => {
      timer.current.pause(Date.now());
      latest.current();
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') hide();
      else timer.current.touch(Date.now());
    };
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', hide);
    return () => {
      window.clearInterval(check);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', hide);
    };
  }, [timer]);
}
