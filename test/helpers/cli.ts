import { runCli } from '../../app/cli/run';

/** Runs one CLI command in-process and captures its exit code, stdout and stderr (lines joined by \n). */
export async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
