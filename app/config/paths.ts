import os from 'node:os';
import path from 'node:path';

export const PRODUCT_DIR_NAME = 'CXR Anatomy Studio';
export const DATABASE_FILE_NAME = 'studio.sqlite';

export interface PathInputs {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
  readonly home: string;
}

const systemInputs = (): PathInputs => ({ env: process.env, platform: process.platform, home: os.homedir() });

/**
 * The platform's per-user config folder, matching Electron's `app.getPath('userData')` for our product name,
 * so the desktop app and the web host find the same database.
 */
export function defaultDataDir(inputs: PathInputs = systemInputs()): string {
  const { env, platform, home } = inputs;
  if (env.CXR_STUDIO_HOME) return path.resolve(env.CXR_STUDIO_HOME);
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_DIR_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_DIR_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_DIR_NAME);
}

/** --db wins, then CXR_STUDIO_DB, then the data folder's default database. */
export function resolveDatabasePath(dataDir: string, flag?: string, env: PathInputs['env'] = process.env): string {
  if (flag) return path.resolve(flag);
  if (env.CXR_STUDIO_DB) return path.resolve(env.CXR_STUDIO_DB);
  return path.join(dataDir, DATABASE_FILE_NAME);
}
