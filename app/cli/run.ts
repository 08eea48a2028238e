import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Progress } from '../api/progress';
import { ApiError } from '../api/errors';
import { defaultDataDir, resolveDatabasePath } from '../config/paths';
import { createRuntime } from '../runtime';
import { appName, appVersion } from '../version';
import { UsageError, type CliIo, type Command, type CommandContext } from './command';
import { annotationsCommand } from './commands/annotations';
import { probeCommand } from './commands/backend';
import { dbCommand } from './commands/db';
import { correspondCommand } from './commands/correspond';
import { cosegmentCommand } from './commands/cosegment';
import { decodeCommand } from './commands/decode';
import { importCommand } from './commands/import';
import { infoCommand } from './commands/info';
import { pretrainCommand } from './commands/pretrain';
import { projectsCommand } from './commands/projects';
import { runsCommand } from './commands/runs';
import { sslVectorsCommand } from './commands/ssl-vectors';

export const commands: readonly Command[] = [
  infoCommand,
  projectsCommand,
  importCommand,
  decodeCommand,
  probeCommand,
  dbCommand,
  annotationsCommand,
  pretrainCommand,
  runsCommand,
  correspondCommand,
  cosegmentCommand,
  sslVectorsCommand,
];

export function usage(): string {
  const lines = [
    `${appName} ${appVersion} command line`,
    '',
    'Usage: npm run cli -- <command> [arguments] [--db <file>] [--data-dir <dir>] [--json]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.usage}\n      ${c.summary}`),
    '',
    'Global options:',
    '  --db <file>       database file (env CXR_STUDIO_DB; default <data dir>/studio.sqlite)',
    '  --data-dir <dir>  data folder (env CXR_STUDIO_HOME; default: the platform config folder)',
    '  --backend <name>  force a compute backend (env CXR_BACKEND)',
    '  --json            machine-readable output',
    '  --help            this text',
  ];
  return lines.join('\n');
}

const EXIT_OK = 0;
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

/** Runs one CLI command against the same runtime the app uses; returns the process exit code. */
export async function runCli(argv: readonly string[], io: CliIo, signal: AbortSignal = new AbortController().signal): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        db: { type: 'string' },
        'data-dir': { type: 'string' },
        backend: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
        description: { type: 'string' },
        project: { type: 'string' },
        dataset: { type: 'string' },
        out: { type: 'string' },
        raw: { type: 'boolean' },
        display: { type: 'boolean' },
        frame: { type: 'string' },
        size: { type: 'string' },
        repeats: { type: 'string' },
        template: { type: 'string' },
        format: { type: 'string' },
        annotator: { type: 'string' },
        'dry-run': { type: 'boolean' },
        points: { type: 'string' },
        'method': { type: 'string' },
        'backbone': { type: 'string' },
        'image-size': { type: 'string' },
        'steps': { type: 'string' },
        'epochs': { type: 'string' },
        'batch': { type: 'string' },
        'micro-batch': { type: 'string' },
        'lr': { type: 'string' },
        'warmup-epochs': { type: 'string' },
        'checkpoint-every': { type: 'string' },
        'seed': { type: 'string' },
        'head-dim': { type: 'string' },
        'cell-size': { type: 'string' },
        'crop-cells': { type: 'string' },
        'embed-dim': { type: 'string' },
        depth: { type: 'string' },
        heads: { type: 'string' },
        'resume': { type: 'string' },
        weights: { type: 'string' },
        force: { type: 'boolean' },
        checkpoint: { type: 'string' },
        images: { type: 'string' },
        parts: { type: 'string' },
        like: { type: 'string' },
        layer: { type: 'string' },
        facet: { type: 'string' },
        'input-size': { type: 'string' },
        stride: { type: 'string' },
        pairs: { type: 'string' },
        'fine-stride': { type: 'string' },
        'search-radius': { type: 'string' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (err) {
    io.err(`error: ${(err as Error).message}`);
    io.err('Run with --help to list commands.');
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  const [name, ...rest] = positionals;
  if (values.help || !name) {
    (values.help ? io.out : io.err)(usage());
    return values.help ? EXIT_OK : EXIT_USAGE;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`error: unknown command "${name}". Run with --help to list commands.`);
    return EXIT_USAGE;
  }
  let runtime;
  try {
    const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : defaultDataDir();
    runtime = createRuntime({ databasePath: resolveDatabasePath(dataDir, values.db), dataDir, host: 'cli', backend: values.backend, sampleImages: 0 });
  } catch (err) {
    io.err(`error: ${(err as Error).message}`);
    return EXIT_FAILURE;
  }
  const rt = runtime;
  const ctx: CommandContext = {
    runtime: rt,
    io,
    json: values.json,
    positionals: rest,
    options: values,
    signal,
    call: (op, input, onProgress) =>
      rt.dispatcher.call(op, input, { signal, progress: onProgress ?? ((_: Progress) => {}) }) as never,
    callUncancelled: (op, input) => rt.dispatcher.call(op, input, { signal: new AbortController().signal, progress: () => {} }) as never,
  };
  try {
    await command.run(ctx);
    return EXIT_OK;
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`error: ${err.message}\nUsage: npm run cli -- ${command.usage}`);
      return EXIT_USAGE;
    }
    io.err(`error: ${err instanceof ApiError || err instanceof Error ? err.message : String(err)}`);
    return EXIT_FAILURE;
  } finally {
    await rt.close();
  }
}
