import { describe, expect, it, vi } from 'vitest';
import type { Dispatcher } from '../../app/api/dispatcher';
import { ApiError } from '../../app/api/errors';
import type { Progress } from '../../app/api/progress';
import { createBridgeTransport, findBridge, type CxrBridge } from '../../renderer/src/api/bridgeTransport';
import { createApiClient } from '../../renderer/src/api/client';
import { fieldErrors } from '../../renderer/src/api/fieldErrors';
import type { ServerMessage } from '../../renderer/src/api/transport';
import { InMemoryTransport } from './fakeHost';

const project = (id: number, name: string) => ({
  id,
  name,
  description: '',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  datasetCount: 0,
  imageCount: 0,
  runCount: 0,
});

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

/** A scripted host: answers by operation name, the way the real dispatcher would. */
function scriptedHost(handlers: Record<string, (input: unknown, ctx: Parameters<Dispatcher['call']>[2]) => unknown>): Dispatcher & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async call(op, input, ctx) {
      calls.push(op);
      const handler = handlers[op];
      if (!handler) throw new ApiError('unknown_operation', `Unknown operation "${op}".`);
      return handler(input, ctx);
    },
  };
}

/** A long operation that reports progress and stops when its signal aborts, like compute.probe. */
function slowCounter(total: number, stepMs: number, seen: { aborted?: boolean; steps: number }) {
  return async (_input: unknown, ctx: Parameters<Dispatcher['call']>[2]) => {
    for (let i = 1; i <= total; i++) {
      if (ctx.signal.aborted) {
        seen.aborted = true;
        throw new ApiError('cancelled', 'The counter was cancelled.');
      }
      await tick(stepMs);
      seen.steps = i;
      ctx.progress({ done: i, total, rate: 1000 / stepMs, etaSeconds: ((total - i) * stepMs) / 1000 });
    }
    return { backend: 'wasm', threads: 1, size: 64, repeats: total, gflops: 1, millisPerMatmul: stepMs };
  };
}

describe('API client over the wire protocol', () => {
  it('resolves a call with the host output', async () => {
    const host = scriptedHost({ 'projects.list': () => [project(2, 'B'), project(1, 'A')] });
    const transport = new InMemoryTransport(host);
    const client = createApiClient(transport);

    const projects = await client.call('projects.list', {});
    expect(projects.map((p) => p.name)).toEqual(['B', 'A']);
    expect(transport.sent).toEqual([{ type: 'call', id: expect.any(String), op: 'projects.list', input: {} }]);
  });

  it('routes concurrent calls by id, whatever order the answers come in', async () => {
    const host = scriptedHost({
      'projects.get': async (input) => {
        const { id } = input as { id: number };
        await tick(id === 1 ? 20 : 1);
        return project(id, `P${id}`);
      },
    });
    const client = createApiClient(new InMemoryTransport(host));
    const results = await Promise.all([1, 2, 3].map((id) => client.call('projects.get', { id })));
    expect(results.map((p) => p.name)).toEqual(['P1', 'P2', 'P3']);
  });

  it('rejects with an ApiError that keeps the code and the human message', async () => {
    const host = scriptedHost({
      'projects.create': () => {
        throw new ApiError('conflict', 'A project named "A" already exists. Choose another name.');
      },
    });
    const client = createApiClient(new InMemoryTransport(host));
    const err = await client.call('projects.create', { name: 'a' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'conflict', message: 'A project named "A" already exists. Choose another name.' });
  });

  it('turns a thrown non-API error into internal with its message, as the session does', async () => {
    const host = scriptedHost({
      'app.info': () => {
        throw new Error('disk on fire');
      },
    });
    const client = createApiClient(new InMemoryTransport(host));
    await expect(client.call('app.info', {})).rejects.toMatchObject({ code: 'internal', message: 'Unexpected error: disk on fire' });
  });

  it('streams progress in order before the result', async () => {
    const seen = { steps: 0 };
    const client = createApiClient(new InMemoryTransport(scriptedHost({ 'compute.probe': slowCounter(4, 1, seen) })));
    const events: Progress[] = [];
    const result = await client.call('compute.probe', { size: 64, repeats: 4 }, { onProgress: (p) => events.push(p) });
    expect(events.map((p) => [p.done, p.total])).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
    expect(events.at(-1)?.etaSeconds).toBe(0);
    expect(result.repeats).toBe(4);
  });

  it('cancels: aborting rejects with code cancelled, sends {type:"cancel"} and the host stops', async () => {
    const seen: { aborted?: boolean; steps: number } = { steps: 0 };
    const transport = new InMemoryTransport(scriptedHost({ 'compute.probe': slowCounter(1000, 2, seen) }));
    const client = createApiClient(transport);
    const controller = new AbortController();
    const progress: number[] = [];
    const call = client.call('compute.probe', { size: 64, repeats: 1000 }, {
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p.done);
        if (p.done === 3) controller.abort();
      },
    });

    const err = await call.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('cancelled');
    const id = transport.sent[0]?.id;
    expect(transport.sent).toEqual([expect.objectContaining({ type: 'call', op: 'compute.probe' }), { type: 'cancel', id }]);

    await tick(30);
    expect(seen.aborted).toBe(true);
    expect(seen.steps).toBeLessThan(10);
    // Progress that was already on its way is not delivered after the cancel.
    expect(progress.at(-1)).toBe(3);
  });

  it('does not send a call whose signal is already aborted', async () => {
    const host = scriptedHost({ 'app.info': () => ({}) });
    const transport = new InMemoryTransport(host);
    const client = createApiClient(transport);
    await expect(client.call('app.info', {}, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'cancelled' });
    expect(transport.sent).toEqual([]);
  });

  it('queues calls made while connecting and sends them in order once open', async () => {
    const host = scriptedHost({ 'projects.get': (input) => project((input as { id: number }).id, 'x') });
    const transport = new InMemoryTransport(host, 'connecting');
    const client = createApiClient(transport);
    const first = client.call('projects.get', { id: 1 });
    const cancelled = new AbortController();
    const dropped = client.call('projects.get', { id: 2 }, { signal: cancelled.signal });
    const third = client.call('projects.get', { id: 3 });
    cancelled.abort();
    await expect(dropped).rejects.toMatchObject({ code: 'cancelled' });
    await tick();
    expect(transport.sent).toEqual([]);

    transport.open();
    expect((await first).id).toBe(1);
    expect((await third).id).toBe(3);
    // The call cancelled while queued never reached the host, and no cancel message was needed.
    expect(transport.sent.map((m) => (m.type === 'call' ? m.input : m))).toEqual([{ id: 1 }, { id: 3 }]);
  });

  it('rejects calls in flight when the connection drops, and keeps working after it reopens', async () => {
    const seen = { steps: 0 };
    const host = scriptedHost({ 'compute.probe': slowCounter(1000, 2, seen), 'app.info': () => ({ version: '1' }) });
    const transport = new InMemoryTransport(host);
    const client = createApiClient(transport);
    const states: string[] = [];
    client.onConnectionChange((s) => states.push(s.status));

    const long = client.call('compute.probe', { size: 64, repeats: 1000 });
    await tick(10);
    transport.drop();
    const err = await long.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toMatch(/connection to the studio host was lost while compute\.probe was running/);
    expect(client.connection.status).toBe('closed');

    // Made while disconnected: waits for the connection instead of failing.
    const later = client.call('app.info', {});
    await tick();
    transport.open();
    await expect(later).resolves.toEqual({ version: '1' });
    expect(states).toEqual(['closed', 'open']);
  });

  it('copes with a host that breaks the protocol', async () => {
    // The host never answers by itself; the test plays a broken one.
    const transport = new InMemoryTransport(scriptedHost({ 'app.info': () => new Promise(() => {}) }), 'connecting');
    const client = createApiClient(transport);
    const call = client.call('app.info', {});
    transport.open();
    await tick();
    const id = transport.sent[0]!.id;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    // Junk, unknown ids and the session's id-less rejection of a malformed message are ignored...
    transport.deliver(null);
    transport.deliver({ type: 'result', id: 'nobody', output: 1 });
    transport.deliver({ type: 'error', id: '', error: { code: 'invalid_input', message: 'Malformed API message.' } });
    transport.deliver({ type: 'mystery', id });
    // ...and an error without a valid shape still becomes a readable ApiError.
    transport.deliver({ type: 'error', id, error: { code: 'teapot', message: 'I am a teapot' } });
    await expect(call).rejects.toMatchObject({ code: 'internal', message: 'I am a teapot' });
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });

  it('rejects what is pending when closed, and closes the transport', async () => {
    const transport = new InMemoryTransport(scriptedHost({}), 'connecting');
    const client = createApiClient(transport);
    const call = client.call('app.info', {});
    client.close();
    await expect(call).rejects.toMatchObject({ code: 'cancelled' });
    expect(transport.closed).toBe(true);
  });

  it('works the same over the Electron preload bridge', async () => {
    const host = scriptedHost({ 'projects.list': () => [project(1, 'Default project')] });
    const transport = new InMemoryTransport(host);
    // What main/electron/preload exposes: send + onMessage, nothing else.
    const bridge: CxrBridge = { send: (msg) => transport.send(msg), onMessage: (cb: (msg: ServerMessage) => void) => transport.onMessage(cb) };
    expect(findBridge({ cxrBridge: bridge })).toBe(bridge);
    expect(findBridge({})).toBeUndefined();
    expect(findBridge({ cxrBridge: { send: 1 } })).toBeUndefined();

    const client = createApiClient(createBridgeTransport(bridge));
    expect(client.connection.status).toBe('open');
    await expect(client.call('projects.list', {})).resolves.toEqual([project(1, 'Default project')]);
  });
});

describe('fieldErrors', () => {
  it('puts per-field validation messages next to their field and keeps the rest general', () => {
    const err = new ApiError('invalid_input', 'name: Project name must not be empty.; description: Too long.; Something else.');
    expect(fieldErrors(err, ['name', 'description'])).toEqual({
      byField: { name: 'Project name must not be empty.', description: 'Too long.' },
      general: 'Something else.',
    });
  });

  it('assigns a conflict to the field that must be unique', () => {
    const err = new ApiError('conflict', 'A project named "A" already exists.');
    expect(fieldErrors(err, ['name'], 'name')).toEqual({ byField: { name: 'A project named "A" already exists.' } });
    expect(fieldErrors(err, ['name'])).toEqual({ byField: {}, general: 'A project named "A" already exists.' });
  });

  it('reports other failures as general messages', () => {
    expect(fieldErrors(new ApiError('db_locked', 'The database is locked.'), ['name'])).toEqual({ byField: {}, general: 'The database is locked.' });
    expect(fieldErrors(new Error('boom'), ['name'])).toEqual({ byField: {}, general: 'boom' });
  });
});
