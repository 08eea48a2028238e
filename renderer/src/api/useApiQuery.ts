import { useCallback, useEffect, useRef, useState } from 'react';
import type { InputOf, OperationName, OutputOf } from '../../../app/api/contract';
import { useApi, useConnection } from './ApiContext';

export interface Query<T> {
  readonly data: T | undefined;
  readonly error: Error | undefined;
  readonly loading: boolean;
  reload(): void;
}

/** Loads one operation's result; reloads whenever the connection (re)opens, so views never show stale data after a drop. */
export function useApiQuery<K extends OperationName>(op: K, input: InputOf<K>): Query<OutputOf<K>> {
  const api = useApi();
  // Calls made while first connecting are queued and sent on open; only a later reopen means data may be stale.
  const reopened = Math.max(1, useConnection().opens);
  const key = JSON.stringify(input);
  const [data, setData] = useState<OutputOf<K>>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(true);
  const [nonce, setNonce] = useState(0);
  const inputRef = useRef(input);
  inputRef.current = input;

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    api.call(op, inputRef.current, { signal: controller.signal }).then(
      (output) => {
        setData(output);
        setError(undefined);
        setLoading(false);
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        setError(err instanceof Error ? err : new Error(String(err)));
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [api, op, key, reopened, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { data, error, loading, reload };
}
