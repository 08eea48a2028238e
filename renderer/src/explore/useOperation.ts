import { useCallback, useEffect, useRef, useState } from 'react';
import type { InputOf, OperationName, OutputOf } from '../../../app/api/contract';
import { useApi } from '../api/ApiContext';
import type { Progress } from '../api/client';
import { errorMessage, isCancelled } from '../api/fieldErrors';

export interface OperationState<T> {
  readonly running: boolean;
  readonly progress: Progress | undefined;
  /** The last result: it stays on screen while a newer call runs, so live re-queries do not flicker. */
  readonly result: T | undefined;
  readonly error: string | undefined;
  /** The last call was cancelled by the user (not superseded by a newer one). */
  readonly cancelled: boolean;
}

export interface Operation<K extends OperationName> {
  readonly state: OperationState<OutputOf<K>>;
  /** Starts a call, cancelling the one in flight; resolves with its result, or undefined when it did not finish. */
  run(input: InputOf<K>): Promise<OutputOf<K> | undefined>;
  cancel(): void;
  /** Forgets the result and any error (e.g. when the inputs it answered no longer apply). */
  clear(): void;
}

const IDLE = { running: false, progress: undefined, result: undefined, error: undefined, cancelled: false } as const;

/**
 * One streaming operation of the page: progress while it runs, Cancel, and at most one call in flight — a new call
 * cancels the previous one on the host. Leaving the page cancels what is running.
 */
export function useOperation<K extends OperationName>(op: K): Operation<K> {
  const api = useApi();
  const [state, setState] = useState<OperationState<OutputOf<K>>>(IDLE);
  const controllerRef = useRef<AbortController | null>(null);

  useEffect(() => () => controllerRef.current?.abort(), []);

  const run = useCallback(
    async (input: InputOf<K>) => {
      controllerRef.current?.abort();
      const controller = new AbortController();
      controllerRef.current = controller;
      const current = () => controllerRef.current === controller;
      setState((s) => ({ ...s, running: true, progress: undefined, error: undefined, cancelled: false }));
      try {
        const result = await api.call(op, input, {
          signal: controller.signal,
          onProgress: (progress) => {
            if (current()) setState((s) => ({ ...s, progress }));
          },
        });
        if (current()) setState({ ...IDLE, result });
        return result;
      } catch (err) {
        if (current()) {
          setState((s) => (isCancelled(err) ? { ...s, running: false, progress: undefined, cancelled: true } : { ...s, running: false, progress: undefined, error: errorMessage(err) }));
        }
        return undefined;
      } finally {
        if (current()) controllerRef.current = null;
      }
    },
    [api, op],
  );

  const cancel = useCallback(() => controllerRef.current?.abort(), []);
  const clear = useCallback(() => {
    controllerRef.current?.abort();
    controllerRef.current = null;
    setState(IDLE);
  }, []);

  return { state, run, cancel, clear };
}
