import type { InputOf, OperationName, OutputOf } from '../../../app/api/contract';
import { ApiError, ApiErrorShape } from '../../../app/api/errors';
import type { Progress } from '../../../app/api/progress';
import type { ClientMessage, ConnectionState, ServerMessage, Transport } from './transport';

export type { ConnectionState, Progress };

export interface CallOptions {
  /** Called for each progress event of a streaming operation. */
  readonly onProgress?: (progress: Progress) => void;
  /** Aborting rejects the call with code 'cancelled' and asks the host to stop the work. */
  readonly signal?: AbortSignal;
}

export interface ApiClient {
  /** Runs one contract operation; rejects with an ApiError carrying a code and a message a person can read. */
  call<K extends OperationName>(op: K, input: InputOf<K>, options?: CallOptions): Promise<OutputOf<K>>;
  readonly connection: ConnectionState;
  onConnectionChange(cb: (state: ConnectionState) => void): () => void;
  reconnectNow(): void;
  close(): void;
}

interface Pending {
  readonly op: string;
  readonly message: ClientMessage & { type: 'call' };
  sent: boolean;
  readonly resolve: (output: unknown) => void;
  readonly reject: (err: ApiError) => void;
  readonly onProgress?: (progress: Progress) => void;
  readonly cleanup: () => void;
}

function cancelledError(op: string): ApiError {
  return new ApiError('cancelled', `${op} was cancelled.`);
}

function errorFromWire(raw: unknown, op: string): ApiError {
  const parsed = ApiErrorShape.safeParse(raw);
  if (parsed.success) return ApiError.from(parsed.data);
  const message = typeof (raw as { message?: unknown })?.message === 'string' ? (raw as { message: string }).message : '';
  return new ApiError('internal', message || `${op} failed and the host gave no readable reason.`);
}

/**
 * The one API client of the renderer. Calls made before the connection is open are queued and sent when it opens;
 * calls already sent when the connection drops are rejected, because the host cancels them with the session.
 */
export function createApiClient(transport: Transport): ApiClient {
  const pending = new Map<string, Pending>();
  let counter = 0;
  const nextId = () => `c${(++counter).toString(36)}`;

  const settle = (id: string): Pending | undefined => {
    const entry = pending.get(id);
    if (!entry) return undefined;
    pending.delete(id);
    entry.cleanup();
    return entry;
  };

  const trySend = (entry: Pending) => {
    if (entry.sent || transport.state.status !== 'open') return;
    try {
      transport.send(entry.message);
      entry.sent = true;
    } catch {
      // The socket closed between the state check and the send; the call stays queued for the next open.
    }
  };

  const onMessage = (msg: ServerMessage) => {
    if (!msg || typeof msg !== 'object' || typeof (msg as { id?: unknown }).id !== 'string') return;
    switch (msg.type) {
      case 'progress':
        pending.get(msg.id)?.onProgress?.(msg.progress);
        return;
      case 'result': {
        settle(msg.id)?.resolve(msg.output);
        return;
      }
      case 'error': {
        const entry = settle(msg.id);
        if (entry) entry.reject(errorFromWire(msg.error, entry.op));
        else if (msg.id === '') console.warn('The host rejected a message:', msg.error);
        return;
      }
      default:
        return;
    }
  };

  const onState = (state: ConnectionState) => {
    if (state.status === 'open') {
      for (const entry of [...pending.values()]) trySend(entry);
      return;
    }
    for (const [id, entry] of [...pending]) {
      if (!entry.sent) continue;
      settle(id);
      entry.reject(
        new ApiError(
          'internal',
          `The connection to the studio host was lost while ${entry.op} was running; it may not have finished. Try again once reconnected.`,
        ),
      );
    }
  };

  const stopMessages = transport.onMessage(onMessage);
  const stopState = transport.onStateChange(onState);

  return {
    call<K extends OperationName>(op: K, input: InputOf<K>, options: CallOptions = {}): Promise<OutputOf<K>> {
      const { signal, onProgress } = options;
      if (signal?.aborted) return Promise.reject(cancelledError(op));
      return new Promise<OutputOf<K>>((resolve, reject) => {
        const id = nextId();
        const onAbort = () => {
          const entry = settle(id);
          if (!entry) return;
          if (entry.sent && transport.state.status === 'open') {
            try {
              transport.send({ type: 'cancel', id });
            } catch {
              // Connection gone: the host cancels everything of a closed session anyway.
            }
          }
          entry.reject(cancelledError(op));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        const entry: Pending = {
          op,
          message: { type: 'call', id, op, input },
          sent: false,
          resolve: resolve as (output: unknown) => void,
          reject,
          onProgress,
          cleanup: () => signal?.removeEventListener('abort', onAbort),
        };
        pending.set(id, entry);
        trySend(entry);
      });
    },
    get connection() {
      return transport.state;
    },
    onConnectionChange: (cb) => transport.onStateChange(cb),
    reconnectNow: () => transport.reconnectNow(),
    close() {
      stopMessages();
      stopState();
      for (const [id, entry] of [...pending]) {
        settle(id);
        entry.reject(new ApiError('cancelled', `${entry.op} was abandoned because the client closed.`));
      }
      transport.close();
    },
  };
}
