import { z } from 'zod';
import { contract, isOperationName, type OperationName, type OutputOf, type ParsedInputOf } from './contract';
import { ApiError, toApiError } from './errors';
import type { Progress } from './progress';

export interface CallContext {
  readonly signal: AbortSignal;
  readonly progress: (p: Progress) => void;
}

export type Handler<K extends OperationName> = (input: ParsedInputOf<K>, ctx: CallContext) => Promise<OutputOf<K>> | OutputOf<K>;
export type Handlers = { [K in OperationName]: Handler<K> };

export interface Dispatcher {
  call(op: string, input: unknown, ctx: CallContext): Promise<unknown>;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/** Validates at the boundary: bad input is the caller's fault (invalid_input), bad output is ours (internal). */
export function createDispatcher(handlers: Handlers): Dispatcher {
  return {
    async call(op, rawInput, ctx) {
      if (!isOperationName(op)) throw new ApiError('unknown_operation', `Unknown operation "${op}".`);
      const spec = contract[op];
      const parsed = spec.input.safeParse(rawInput ?? {});
      if (!parsed.success) throw new ApiError('invalid_input', describeIssues(parsed.error), { op });
      if (ctx.signal.aborted) throw new ApiError('cancelled', `${op} was cancelled before it started.`);
      const handler = handlers[op] as (input: unknown, ctx: CallContext) => unknown;
      let output: unknown;
      try {
        output = await handler(parsed.data, ctx);
      } catch (err) {
        throw toApiError(err);
      }
      const checked = spec.output.safeParse(output);
      if (!checked.success) {
        throw new ApiError('internal', `Operation ${op} produced output that breaks its contract: ${describeIssues(checked.error)}`);
      }
      return checked.data;
    },
  };
}

/** Throws the standard cancellation error; long handlers call this between units of work. */
export function throwIfCancelled(signal: AbortSignal, what: string): void {
  if (signal.aborted) throw new ApiError('cancelled', `${what} was cancelled.`);
}
