import type { ClientMessage, ConnectionState, ServerMessage, Transport } from './transport';

/** The subset of the browser WebSocket we use, so tests can supply an in-memory one. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export interface WebSocketTransportOptions {
  readonly url: string;
  readonly createSocket?: (url: string) => SocketLike;
  /** Delay before reconnect attempt n (1-based). */
  readonly backoff?: (failures: number) => number;
  readonly timers?: Timers;
}

/** 0.5 s, 1 s, 2 s, 4 s, 8 s, then every 10 s. */
export function defaultBackoff(failures: number): number {
  return Math.min(10_000, 500 * 2 ** Math.max(0, failures - 1));
}

/** The API endpoint of the web host that served this page. Authentication rides on its HttpOnly cookie. */
export function webSocketUrl(loc: Pick<Location, 'protocol' | 'host'>): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/api/ws`;
}

const defaultTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

const SOCKET_OPEN = 1;

/** A WebSocket that reconnects with back-off and reports its state, so the UI can say when it is disconnected. */
export function createWebSocketTransport(options: WebSocketTransportOptions): Transport {
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  const backoff = options.backoff ?? defaultBackoff;
  const timers = options.timers ?? defaultTimers;
  const messageListeners = new Set<(msg: ServerMessage) => void>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = { status: 'connecting', failures: 0, opens: 0 };
  let socket: SocketLike | null = null;
  let retryTimer: unknown = null;
  let closedByUs = false;

  const setState = (next: ConnectionState) => {
    state = next;
    for (const cb of [...stateListeners]) cb(state);
  };

  const connect = () => {
    retryTimer = null;
    if (closedByUs) return;
    if (state.status !== 'connecting') setState({ ...state, status: 'connecting', retryAt: undefined });
    let current: SocketLike;
    try {
      current = createSocket(options.url);
    } catch {
      scheduleRetry();
      return;
    }
    socket = current;
    current.onopen = () => {
      if (socket !== current) return;
      setState({ status: 'open', failures: 0, opens: state.opens + 1 });
    };
    current.onmessage = (ev) => {
      if (socket !== current || typeof ev.data !== 'string') return;
      let msg: unknown;
      try {
        msg = JSON.parse(ev.data);
      } catch {
        console.warn('Ignoring a message from the host that is not JSON.');
        return;
      }
      for (const cb of [...messageListeners]) cb(msg as ServerMessage);
    };
    // Browsers fire error then close; close alone drives the state.
    current.onerror = () => {};
    current.onclose = () => {
      if (socket !== current) return;
      socket = null;
      if (!closedByUs) scheduleRetry();
    };
  };

  const scheduleRetry = () => {
    const failures = state.failures + 1;
    const delay = backoff(failures);
    setState({ status: 'closed', failures, opens: state.opens, retryAt: timers.now() + delay });
    retryTimer = timers.setTimeout(connect, delay);
  };

  connect();

  return {
    send(msg: ClientMessage) {
      if (!socket || socket.readyState !== SOCKET_OPEN) throw new Error('The connection to the host is not open.');
      socket.send(JSON.stringify(msg));
    },
    onMessage(cb) {
      messageListeners.add(cb);
      return () => messageListeners.delete(cb);
    },
    get state() {
      return state;
    },
    onStateChange(cb) {
      stateListeners.add(cb);
      return () => stateListeners.delete(cb);
    },
    reconnectNow() {
      if (state.status !== 'closed' || closedByUs) return;
      if (retryTimer !== null) timers.clearTimeout(retryTimer);
      connect();
    },
    close() {
      closedByUs = true;
      if (retryTimer !== null) timers.clearTimeout(retryTimer);
      socket?.close(1000, 'client closed');
      socket = null;
      setState({ status: 'closed', failures: state.failures, opens: state.opens });
    },
  };
}
