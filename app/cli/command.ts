import type { OperationName, InputOf, OutputOf } from '../api/contract';
import type { Progress } from '../api/progress';
import type { Runtime } from '../runtime';

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export interface CommandContext {
  readonly runtime: Runtime;
  readonly io: CliIo;
  readonly json: boolean;
  readonly positionals: readonly string[];
  readonly options: Readonly<Record<string, string | boolean | undefined>>;
  readonly signal: AbortSignal;
  /** Calls go through the dispatcher, so the CLI gets exactly the validation and errors the UI gets. */
  call<K extends OperationName>(op: K, input: InputOf<K>, onProgress?: (p: Progress) => void): Promise<OutputOf<K>>;
  /** As call, but not cancelled by Ctrl+C: what a command does to end cleanly (pause a run, wait for its checkpoint). */
  callUncancelled<K extends OperationName>(op: K, input: InputOf<K>): Promise<OutputOf<K>>;
}

export interface Command {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  readonly run: (ctx: CommandContext) => Promise<void>;
}

export class UsageError extends Error {}

export function printTable(io: CliIo, rows: readonly Record<string, unknown>[], columns: readonly string[]): void {
  const cells = rows.map((row) => columns.map((c) => String(row[c] ?? '')));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: readonly string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  io.out(line(columns));
  for (const r of cells) io.out(line(r));
}

export function formatProgress(p: Progress): string {
  const total = p.total === null ? '' : `/${p.total}`;
  const eta = p.etaSeconds === null ? '' : `, ETA ${p.etaSeconds.toFixed(0)} s`;
  return `${p.done}${total} (${p.rate.toFixed(2)}/s${eta})${p.message ? ` ${p.message}` : ''}`;
}
