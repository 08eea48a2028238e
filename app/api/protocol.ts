import { z } from 'zod';
import { ApiErrorShape, toApiError } from './errors';
import { Progress } from './progress';
import type { Dispatcher } from './dispatcher';

/** The wire messages. IPC and WebSocket carry exactly these, so one client works over both. */
export const ClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call'), id: z.string().min(1).max(64), op: z.string().min(1).max(100), input: z.unknown() }),
  z.object({ type: z.literal('cancel'), id: z.string().min(1).max(64) }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

export const ServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.string(), output: z.unknown() }),
  z.object({ type: z.literal('error'), id: z.string(), error: ApiErrorShape }),
  z.object({ type: z.literal('progress'), id: z.string(), progress: Progress }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

export interface Session {
  handle(raw: unknown): void;
  /** Cancels everything in flight, e.g. when the window or socket goes away. */
  close(): void;
}

/** One session per connected client: tracks in-flight calls so they can be cancelled by id. */
export function createSession(dispatcher: Dispatcher, send: (msg: ServerMessage) => void): Session {
  const inFlight = new Map<string, AbortController>();
  return {
    handle(raw) {
      const parsed = ClientMessage.safeParse(raw);
      if (!parsed.success) {
        const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : '';
        send({ type: 'error', id, error: { code: 'invalid_input', message: 'Malformed API message.' } });
        return;
      }
      const msg = parsed.data;
      if (msg.type === 'cancel') {
        inFlight.get(msg.id)?.abort();
        return;
      }
      if (inFlight.has(msg.id)) {
        send({ type: 'error', id: msg.id, error: { code: 'invalid_input', message: `Call id ${msg.id} is already in use.` } });
        return;
      }
      const controller = new AbortController();
      inFlight.set(msg.id, controller);
      const progress = (p: Progress) => {
        if (!controller.signal.aborted) send({ type: 'progress', id: msg.id, progress: p });
      };
      dispatcher
        .call(msg.op, msg.input, { signal: controller.signal, progress })
        .then(
          (output) => send({ type: 'result', id: msg.id, output }),
          (err) => send({ type: 'error', id: msg.id, error: toApiError(err).toJSON() }),
        )
        .finally(() => inFlight.delete(msg.id));
    },
    close() {
      for (const controller of inFlight.values()) controller.abort();
      inFlight.clear();
    },
  };
}
