import type { IpcRenderer, IpcRendererListener } from './electron-api';

// Shared by the preload and the main process. The preload runs sandboxed (its only run-time import may be
// `electron`), so this module must stay free of imports other than types.

/** The single IPC channel: renderer→main carries ClientMessages, main→renderer carries ServerMessages. */
export const API_CHANNEL = 'cxr:api';

/** The property the preload defines on `window`. */
export const BRIDGE_KEY = 'cxrBridge';

/** What `window.cxrBridge` offers the renderer: the wire protocol of app/api/protocol.ts and nothing else. */
export interface CxrBridge {
  send(msg: unknown): void;
  onMessage(cb: (msg: unknown) => void): () => void;
}

/**
 * A cheap shape check before anything crosses into the main process, which validates fully with zod
 * (createSession). Keeps the preload from being a general-purpose pipe for arbitrary values.
 */
export function isClientMessageLike(msg: unknown): boolean {
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) return false;
  const { type, id } = msg as { type?: unknown; id?: unknown };
  return (type === 'call' || type === 'cancel') && typeof id === 'string';
}

export function createBridge(ipc: IpcRenderer): CxrBridge {
  return {
    send(msg) {
      if (!isClientMessageLike(msg)) {
        throw new TypeError('cxrBridge.send expects an API message: { type: "call" | "cancel", id: string, … }.');
      }
      ipc.send(API_CHANNEL, msg);
    },
    onMessage(cb) {
      if (typeof cb !== 'function') throw new TypeError('cxrBridge.onMessage expects a function.');
      // Only the message is passed on: the IPC event object (which references ipcRenderer) never reaches the page.
      const listener: IpcRendererListener = (_event, msg) => cb(msg);
      ipc.on(API_CHANNEL, listener);
      return () => {
        ipc.removeListener(API_CHANNEL, listener);
      };
    },
  };
}
