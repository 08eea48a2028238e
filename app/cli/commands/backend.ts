import { UsageError, formatProgress, type Command } from '../command';

export const probeCommand: Command = {
  name: 'probe',
  usage: 'probe [--size <n>] [--repeats <n>]',
  summary: 'Measure matrix-multiply throughput (GFLOP/s) of the active compute backend.',
  async run(ctx) {
    const size = ctx.options.size === undefined ? undefined : Number(ctx.options.size);
    const repeats = ctx.options.repeats === undefined ? undefined : Number(ctx.options.repeats);
    if (size !== undefined && !Number.isInteger(size)) throw new UsageError('--size must be an integer.');
    if (repeats !== undefined && !Number.isInteger(repeats)) throw new UsageError('--repeats must be an integer.');
    const result = await ctx.call('compute.probe', { size, repeats }, (p) => ctx.io.err(`probe ${formatProgress(p)}`));
    if (ctx.json) ctx.io.out(JSON.stringify(result));
    else
      ctx.io.out(
        `${result.backend} (${result.threads} thread${result.threads === 1 ? '' : 's'}): ${result.gflops.toFixed(1)} GFLOP/s, ${result.millisPerMatmul.toFixed(2)} ms per ${result.size}³ matmul`,
      );
  },
};
