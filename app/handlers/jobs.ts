import type { HandlerDeps, HandlerGroup } from './deps';

export function jobHandlers({ jobs }: HandlerDeps): HandlerGroup<'jobs.list' | 'jobs.watch' | 'jobs.cancel'> {
  return {
    'jobs.list': () => jobs.list(),
    'jobs.watch': ({ id }, ctx) => jobs.watch(id, ctx.progress, ctx.signal),
    'jobs.cancel': ({ id }) => jobs.cancel(id),
  };
}
