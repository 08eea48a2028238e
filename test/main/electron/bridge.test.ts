import { describe, expect, it } from 'vitest';
import { API_CHANNEL, BRIDGE_KEY, createBridge, isClientMessageLike } from '../../../main/electron/bridge';
import type { IpcRenderer, IpcRendererListener } from '../../../main/electron/electron-api';

function fakeIpc() {
  const sent: unknown[][] = [];
  const listeners = new Map<string, Set<IpcRendererListener>>();
  const ipc: IpcRenderer = {
    send: (...args) => void sent.push(args),
    on: (channel, l) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(l)),
    removeListener: (channel, l) => listeners.get(channel)?.delete(l),
  };
  const emit = (channel: string, msg: unknown) => {
    for (const l of listeners.get(channel) ?? []) l({ sender: 'the ipcRenderer event' }, msg);
  };
  return { ipc, sent, listeners, emit };
}

describe('preload bridge', () => {
  it('is window.cxrBridge on channel cxr:api', () => {
    expect(BRIDGE_KEY).toBe('cxrBridge');
    expect(API_CHANNEL).toBe('cxr:api');
  });

  it('sends only call and cancel messages', () => {
    const { ipc, sent } = fakeIpc();
    const bridge = createBridge(ipc);
    bridge.send({ type: 'call', id: '1', op: 'projects.list', input: {} });
    bridge.send({ type: 'cancel', id: '1' });
    expect(sent).toEqual([
      [API_CHANNEL, { type: 'call', id: '1', op: 'projects.list', input: {} }],
      [API_CHANNEL, { type: 'cancel', id: '1' }],
    ]);
    for (const bad of [null, 'call', 42, [], {}, { type: 'result', id: '1' }, { type: 'call' }, { type: 'call', id: 7 }]) {
      expect(() => bridge.send(bad), JSON.stringify(bad)).toThrow(TypeError);
    }
    expect(sent).toHaveLength(2);
    expect(isClientMessageLike({ type: 'cancel', id: 'x' })).toBe(true);
  });

  it('delivers only the message to subscribers, and unsubscribes', () => {
    const { ipc, listeners, emit } = fakeIpc();
    const bridge = createBridge(ipc);
    const got: unknown[] = [];
    const off = bridge.onMessage((msg) => got.push(msg));
    emit(API_CHANNEL, { type: 'result', id: '1', output: [] });
    emit('other', { type: 'result', id: '2', output: [] });
    expect(got).toEqual([{ type: 'result', id: '1', output: [] }]);
    off();
    expect(listeners.get(API_CHANNEL)?.size).toBe(0);
    emit(API_CHANNEL, { type: 'result', id: '3', output: [] });
    expect(got).toHaveLength(1);
    expect(() => bridge.onMessage('nope' as never)).toThrow(TypeError);
  });
});
