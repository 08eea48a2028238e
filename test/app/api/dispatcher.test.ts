import { describe, expect, it } from 'vitest';
import { operationNames } from '../../../app/api/contract';
import { createDispatcher, type Handlers } from '../../../app/api/dispatcher';
import { ApiError } from '../../../app/api/errors';
import { createSession, type ServerMessage } from '../../../app/api/protocol';
import { createProgressMeter } from '../../../app/api/progress';

const project = { id: 1, name: 'A', description: '', createdAt: 't', updatedAt: 't', datasetCount: 0, imageCount: 0, runCount: 0 };

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const fail = () => {
    throw new Error('not used in this test');
  };
  const all = Object.fromEntries(operationNames.map((name) => [name, fail])) as unknown as Handlers;
  return {
    ...all,
    'projects.list': () => [project],
    'projects.create': ({ name }) => ({ ...project, name }),
    ...overrides,
  } as Handlers;
}

const ctx = () => ({ signal: new AbortController().signal, progress: () => {} });

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    return err as ApiError;
  }
  throw new Error('expected a rejection');
}

describe('dispatcher', () => {
  it('validates and normalises input before the handler sees it', async () => {
    const d = createDispatcher(handlers());
    await expect(d.call('projects.create', { name: '  Trimmed  ' }, ctx())).resolves.toMatchObject({ name: 'Trimmed' });
    const err = await rejection(d.call('projects.create', { name: '   ' }, ctx()));
    expect(err.code).toBe('invalid_input');
    expect(err.message).toBe('name: Project name must not be empty.');
  });

  it('rejects unknown operations and extra fields on empty inputs', async () => {
    const d = createDispatcher(handlers());
    expect((await rejection(d.call('projects.explode', {}, ctx()))).code).toBe('unknown_operation');
    expect((await rejection(d.call('projects.list', { surprise: 1 }, ctx()))).code).toBe('invalid_input');
  });

  it('treats output that breaks the contract as our bug, not the caller’s', async () => {
    const d = createDispatcher(handlers({ 'projects.list': () => [{ ...project, id: -1 }] }));
    const err = await rejection(d.call('projects.list', {}, ctx()));
    expect(err.code).toBe('internal');
    expect(err.message).toMatch(/breaks its contract/);
  });

  it('keeps typed errors from handlers and wraps unexpected ones with their message', async () => {
    const d = createDispatcher(
      handlers({
        'projects.get': () => {
          throw new ApiError('not_found', 'Project 9 does not exist.');
        },
        'projects.list': () => {
          throw new TypeError('boom');
        },
      }),
    );
    expect(await rejection(d.call('projects.get', { id: 9 }, ctx()))).toMatchObject({ code: 'not_found', message: 'Project 9 does not exist.' });
    expect(await rejection(d.call('projects.list', {}, ctx()))).toMatchObject({ code: 'internal', message: 'Unexpected error: boom' });
  });
});

describe('session (wire protocol)', () => {
  it('streams progress, then the result, for a call id', async () => {
    const sent: ServerMessage[] = [];
    const d = createDispatcher(
      handlers({
        'compute.probe': async ({ size, repeats }, c) => {
          for (let i = 1; i <= repeats; i++) c.progress({ done: i, total: repeats, rate: 1, etaSeconds: repeats - i });
          return { backend: 'cpu', threads: 1, size, repeats, gflops: 1, millisPerMatmul: 1 };
        },
      }),
    );
    const session = createSession(d, (m) => sent.push(m));
    session.handle({ type: 'call', id: 'a', op: 'compute.probe', input: { size: 32, repeats: 3 } });
    await new Promise((r) => setTimeout(r, 10));
    expect(sent.map((m) => m.type)).toEqual(['progress', 'progress', 'progress', 'result']);
    expect(sent.at(-1)).toMatchObject({ id: 'a', output: { size: 32, repeats: 3 } });
  });

  it('cancels an in-flight call by id', async () => {
    const sent: ServerMessage[] = [];
    const d = createDispatcher(
      handlers({
        'compute.probe': (_input, c) =>
          new Promise((_resolve, reject) => {
            c.signal.addEventListener('abort', () => reject(new ApiError('cancelled', 'The backend probe was cancelled.')));
          }),
      }),
    );
    const session = createSession(d, (m) => sent.push(m));
    session.handle({ type: 'call', id: 'b', op: 'compute.probe', input: {} });
    session.handle({ type: 'cancel', id: 'b' });
    await new Promise((r) => setTimeout(r, 10));
    expect(sent).toEqual([{ type: 'error', id: 'b', error: { code: 'cancelled', message: 'The backend probe was cancelled.' } }]);
  });

  it('answers malformed messages with a typed error instead of throwing', () => {
    const sent: ServerMessage[] = [];
    createSession(createDispatcher(handlers()), (m) => sent.push(m)).handle({ type: 'call', id: 'c' });
    expect(sent[0]).toMatchObject({ type: 'error', id: 'c', error: { code: 'invalid_input' } });
  });
});

describe('progress meter', () => {
  it('computes rate and ETA from elapsed time', () => {
    let now = 0;
    const meter = createProgressMeter(100, () => now);
    now = 2000;
    expect(meter(25)).toEqual({ done: 25, total: 100, rate: 12.5, etaSeconds: 6 });
    expect(createProgressMeter(null, () => 0)(5, 'scanning')).toEqual({ done: 5, total: null, rate: 0, etaSeconds: null, message: 'scanning' });
  });
});
