import { UsageError, type Command } from '../command';

export const dbCommand: Command = {
  name: 'db',
  usage: 'db check',
  summary: "Run SQLite's full integrity check on the database.",
  async run(ctx) {
    const [sub] = ctx.positionals;
    if (sub !== 'check') throw new UsageError(`Unknown db subcommand "${sub ?? ''}".`);
    const result = await ctx.call('db.check', {});
    const file = ctx.runtime.store.path;
    if (ctx.json) ctx.io.out(JSON.stringify(result));
    else ctx.io.out(result.ok ? `${file}: ok` : result.problems.join('\n'));
    if (!result.ok) throw new Error(`Integrity check found ${result.problems.length} problem(s) in ${file}.`);
  },
};
