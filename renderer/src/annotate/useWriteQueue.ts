import { useCallback, useMemo, useRef, useState } from 'react';
import { errorMessage } from '../api/fieldErrors';

export interface SaveState {
  readonly status: 'idle' | 'saving' | 'saved' | 'error';
  readonly error?: string;
}

export interface WriteQueue {
  readonly state: SaveState;
  /**
   * Runs `task` after every task queued before it (all writes of a session go in order); rejects with its error. A read
   * (loading an image after earlier writes) waits its turn too but does not change the saved/saving state.
   */
  run<T>(task: () => Promise<T>, kind?: 'write' | 'read'): Promise<T>;
  /** Resolves once everything queued so far has finished. */
  idle(): Promise<void>;
  /** Shows an error that did not come from a queued write. */
  fail(message: string): void;
}

/**
 * Every change goes to the host at once, one call after the other, so the host applies them in the order they were
 * made; the state says whether something is being saved, all is saved, or the last write failed.
 */
export function useWriteQueue(): WriteQueue {
  const [state, setState] = useState<SaveState>({ status: 'idle' });
  const tail = useRef<Promise<unknown>>(Promise.resolve());
  const pending = useRef(0);

  const run = useCallback(<T,>(task: () => Promise<T>, kind: 'write' | 'read' = 'write'): Promise<T> => {
    const result = tail.current.then(task, task);
    if (kind === 'read') {
      tail.current = result.catch(() => undefined);
      return result;
    }
    pending.current++;
    // An error stays on screen until a later write succeeds.
    setState((s) => (s.status === 'error' ? s : { status: 'saving' }));
    tail.current = result.then(
      () => {
        if (--pending.current === 0) setState({ status: 'saved' });
      },
      (err: unknown) => {
        pending.current--;
        setState({ status: 'error', error: errorMessage(err) });
      },
    );
    return result;
  }, []);

  const idle = useCallback(async () => {
    let seen: Promise<unknown> | undefined;
    while (seen !== tail.current) {
      seen = tail.current;
      await seen;
    }
  }, []);

  const fail = useCallback((message: string) => setState({ status: 'error', error: message }), []);

  return useMemo(() => ({ state, run, idle, fail }), [state, run, idle, fail]);
}
