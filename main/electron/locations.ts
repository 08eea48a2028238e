import path from 'node:path';
import { PRODUCT_DIR_NAME, resolveDatabasePath } from '../../app/config/paths';

// Where the Electron app keeps its data. Pure: takes argv, env and Electron's appData folder.

export interface ElectronArgs {
  readonly db?: string;
  readonly dataDir?: string;
  readonly backend?: string;
}

const FLAGS = { '--db': 'db', '--data-dir': 'dataDir', '--backend': 'backend' } as const;
type Flag = keyof typeof FLAGS;
const isFlag = (token: string): token is Flag => Object.hasOwn(FLAGS, token);

/**
 * Picks our options (`--db`, `--data-dir`, `--backend`, as `--x value` or `--x=value`) out of Electron's argv, which
 * also holds the executable, the app path in development and Chromium/Playwright switches: those are ignored.
 */
export function parseElectronArgs(argv: readonly string[]): ElectronArgs {
  const out: { -readonly [K in keyof ElectronArgs]: ElectronArgs[K] } = {};
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    const eq = token.indexOf('=');
    const name = eq > 0 ? token.slice(0, eq) : token;
    if (!isFlag(name)) continue;
    let value: string | undefined;
    if (eq > 0) {
      value = token.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        value = next;
        i++;
      }
    }
    if (value) out[FLAGS[name]] = value;
  }
  return out;
}

export interface Locations {
  /** The data folder; also Electron's userData, so Chromium's profile and the single-instance lock live with the data. */
  readonly dataDir: string;
  readonly databasePath: string;
}

/**
 * Data folder: `--data-dir`, else CXR_STUDIO_HOME, else `<appData>/CXR Anatomy Studio` — the same folder as Electron's
 * default userData for our productName and as app/config/paths.ts defaultDataDir, so the web host finds the same data.
 * Database: `--db`, else CXR_STUDIO_DB, else `<data folder>/studio.sqlite`.
 */
export function resolveLocations(args: ElectronArgs, env: Readonly<Record<string, string | undefined>>, appDataDir: string): Locations {
  const dataDir = path.resolve(args.dataDir ?? env.CXR_STUDIO_HOME ?? path.join(appDataDir, PRODUCT_DIR_NAME));
  return { dataDir, databasePath: resolveDatabasePath(dataDir, args.db, env) };
}
