import type { ClientMessage, ServerMessage } from '../../../app/api/protocol';

export type { ClientMessage, ServerMessage };

/** Where the connection to the host stands; the UI shows a banner while it is not open. */
export interface ConnectionState {
  readonly status: 'connecting' | 'open' | 'closed';
  /** Consecutive failed attempts since the last successful open (0 while healthy or on first connect). */
  readonly failures: number;
  /** How many times the connection has opened; a change tells views to reload data they may have missed. */
  readonly opens: number;
  /** When the next reconnect attempt is due (epoch ms), while closed. */
  readonly retryAt?: number;
}

/** Carries wire messages to the host. The API client is the same over every transport. */
export interface Transport {
  /** Only called while `state.status === 'open'`; the client queues calls otherwise. */
  send(msg: ClientMessage): void;
  onMessage(cb: (msg: ServerMessage) => void): () => void;
  readonly state: ConnectionState;
  onStateChange(cb: (state: ConnectionState) => void): () => void;
  /** Skip the back-off wait and try to connect now. */
  reconnectNow(): void;
  close(): void;
}
