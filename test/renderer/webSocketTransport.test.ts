import { describe, expect, it, vi } from 'vitest';
import type { ConnectionState, ServerMessage } from '../../renderer/src/api/transport';
import { createWebSocketTransport, defaultBackoff, webSocketUrl, type SocketLike, type Timers } from '../../renderer/src/api/webSocketTransport';

class FakeSocket implements SocketLike {
  readyState = 0;
  readonly sent: string[] = [];
  closedWith?: number;
  onopen: SocketLike['onopen'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  onmessage: SocketLike['onmessage'] = null;

  constructor(readonly url: string) {}

  send(data: string): void {
    this.sent.push(data);
  }
  close(code?: number): void {
    this.closedWith = code;
    this.readyState = 3;
  }
  // What the server side does:
  accept(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  fail(): void {
    this.readyState = 3;
    this.onerror?.({});
    this.onclose?.({ code: 1006 });
  }
  push(data: unknown): void {
    this.onmessage?.({ data });
  }
}

/** Manual clock: a test moves time and fires due timers itself. */
class ManualTimers implements Timers {
  time = 1_000;
  private timers: { at: number; fn: () => void; handle: number }[] = [];
  private next = 1;
  setTimeout(fn: () => void, ms: number): unknown {
    const handle = this.next++;
    this.timers.push({ at: this.time + ms, fn, handle });
    return handle;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.handle !== handle);
  }
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
    const due = this.timers.filter((t) => t.at <= this.time);
    this.timers = this.timers.filter((t) => t.at > this.time);
    for (const t of due) t.fn();
  }
  get pending(): number {
    return this.timers.length;
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const timers = new ManualTimers();
  const transport = createWebSocketTransport({
    url: 'ws://127.0.0.1:4000/api/ws',
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    timers,
  });
  const states: ConnectionState[] = [];
  transport.onStateChange((s) => states.push(s));
  const last = () => sockets[sockets.length - 1]!;
  return { transport, sockets, timers, states, last };
}

describe('WebSocket transport', () => {
  it('derives the endpoint from the page that loaded it', () => {
    expect(webSocketUrl({ protocol: 'http:', host: '127.0.0.1:5123' })).toBe('ws://127.0.0.1:5123/api/ws');
    expect(webSocketUrl({ protocol: 'https:', host: 'studio.lab.example:8443' })).toBe('wss://studio.lab.example:8443/api/ws');
  });

  it('backs off 0.5 s, 1 s, 2 s, … up to 10 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(defaultBackoff)).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
  });

  it('connects at once, opens, and carries JSON both ways', () => {
    const { transport, sockets, last, states } = setup();
    expect(sockets).toHaveLength(1);
    expect(last().url).toBe('ws://127.0.0.1:4000/api/ws');
    expect(transport.state).toMatchObject({ status: 'connecting', failures: 0, opens: 0 });
    expect(() => transport.send({ type: 'cancel', id: 'c1' })).toThrow(/not open/);

    last().accept();
    expect(states.at(-1)).toEqual({ status: 'open', failures: 0, opens: 1 });
    transport.send({ type: 'call', id: 'c1', op: 'app.info', input: {} });
    expect(JSON.parse(last().sent[0]!)).toEqual({ type: 'call', id: 'c1', op: 'app.info', input: {} });

    const received: ServerMessage[] = [];
    transport.onMessage((m) => received.push(m));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    last().push('not json');
    last().push(new Uint8Array([1]));
    warn.mockRestore();
    last().push(JSON.stringify({ type: 'result', id: 'c1', output: { ok: true } }));
    expect(received).toEqual([{ type: 'result', id: 'c1', output: { ok: true } }]);
  });

  it('reconnects with growing back-off, reports failures and resets after success', () => {
    const { transport, sockets, timers, last } = setup();
    last().accept();
    last().fail();
    expect(transport.state).toEqual({ status: 'closed', failures: 1, opens: 1, retryAt: timers.time + 500 });

    timers.advance(499);
    expect(sockets).toHaveLength(1);
    timers.advance(1);
    expect(sockets).toHaveLength(2);
    expect(transport.state.status).toBe('connecting');

    last().fail();
    expect(transport.state).toMatchObject({ status: 'closed', failures: 2, retryAt: timers.time + 1000 });
    timers.advance(1000);
    last().fail();
    expect(transport.state).toMatchObject({ failures: 3, retryAt: timers.time + 2000 });
    timers.advance(2000);
    last().accept();
    expect(transport.state).toEqual({ status: 'open', failures: 0, opens: 2 });
    expect(sockets).toHaveLength(4);
  });

  it('reconnects at once on request instead of waiting', () => {
    const { transport, sockets, timers, last } = setup();
    last().fail();
    expect(timers.pending).toBe(1);
    transport.reconnectNow();
    expect(sockets).toHaveLength(2);
    expect(timers.pending).toBe(0);
    last().accept();
    expect(transport.state.status).toBe('open');
    transport.reconnectNow(); // no-op while open
    expect(sockets).toHaveLength(2);
  });

  it('ignores events from a socket it has replaced', () => {
    const { transport, last, sockets } = setup();
    const first = last();
    first.fail();
    transport.reconnectNow();
    first.accept(); // a late event from the dead socket
    expect(transport.state.status).toBe('connecting');
    sockets[1]!.accept();
    expect(transport.state.status).toBe('open');
  });

  it('stops for good when closed', () => {
    const { transport, timers, last, sockets } = setup();
    last().accept();
    transport.close();
    expect(last().closedWith).toBe(1000);
    expect(transport.state.status).toBe('closed');
    timers.advance(60_000);
    expect(sockets).toHaveLength(1);
    expect(timers.pending).toBe(0);
  });
});
