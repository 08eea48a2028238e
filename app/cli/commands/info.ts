import type { Command } from '../command';

export const infoCommand: Command = {
  name: 'info',
  usage: 'info',
  summary: 'Show versions, the database in use and the compute backend.',
  async run(ctx) {
    const info = await ctx.call('app.info', {});
    const backend = await ctx.call('compute.status', {});
    if (ctx.json) {
      ctx.io.out(JSON.stringify({ ...info, backend }, null, 2));
      return;
    }
    ctx.io.out(`${info.name} ${info.version} (code ${info.codeVersion})`);
    ctx.io.out(`Data folder:  ${info.dataDir}`);
    ctx.io.out(`Database:     ${info.databasePath} (schema ${info.schemaVersion})`);
    ctx.io.out(`Backend:      ${backend.summary}, tfjs ${backend.tfjsVersion}`);
    for (const a of backend.attempts) ctx.io.out(`  ${a.name.padEnd(15)} ${a.status.padEnd(14)} ${a.reason}`);
  },
};
