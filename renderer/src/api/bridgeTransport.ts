import type { ClientMessage, ConnectionState, ServerMessage, Transport } from './transport';

/** What the Electron preload exposes on `window.cxrBridge`: the wire protocol and nothing else. */
export interface CxrBridge {
  send(msg: ClientMessage): void;
  onMessage(cb: (msg: ServerMessage) => void): () => void;
}

export function findBridge(scope: unknown = globalThis): CxrBridge | undefined {
  const candidate = (scope as { cxrBridge?: Partial<CxrBridge> } | undefined)?.cxrBridge;
  return candidate && typeof candidate.send === 'function' && typeof candidate.onMessage === 'function'
    ? (candidate as CxrBridge)
    : undefined;
}

const OPEN: ConnectionState = { status: 'open', failures: 0, opens: 1 };

/** IPC through the preload is up for as long as the window exists. */
export function createBridgeTransport(bridge: CxrBridge): Transport {
  return {
    send: (msg) => bridge.send(msg),
    onMessage: (cb) => bridge.onMessage(cb),
    state: OPEN,
    onStateChange: () => () => {},
    reconnectNow: () => {},
    close: () => {},
  };
}
