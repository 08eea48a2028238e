import { parseArgs } from 'node:util';

export interface HostArgs {
  readonly web: boolean;
  readonly db?: string;
  readonly dataDir?: string;
  readonly host: string;
  readonly port: number;
  readonly backend?: string;
}

export const HOST_USAGE = `Usage: npm start -- [options]
  --web                 start the local web host even where Electron is installed
  --db <file>           database file (default: <data dir>/studio.sqlite; env CXR_STUDIO_DB)
  --data-dir <dir>      data folder (default: the platform's config folder; env CXR_STUDIO_HOME)
  --host <addr>         web host address (default 127.0.0.1; 0.0.0.0 exposes it to the network)
  --port <n>            web host port (default: a free port)
  --backend <name>      force a compute backend: tensorflow-gpu | tensorflow | wasm | cpu (env CXR_BACKEND)
  --help                this text`;

/** Options shared by `npm start` (Electron or web host). Unknown flags are an error, not silently ignored. */
export function parseHostArgs(argv: readonly string[]): HostArgs | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      web: { type: 'boolean', default: false },
      db: { type: 'string' },
      'data-dir': { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      backend: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be an integer from 0 to 65535, got "${values.port}".`);
  return { web: values.web, db: values.db, dataDir: values['data-dir'], host: values.host, port, backend: values.backend };
}
