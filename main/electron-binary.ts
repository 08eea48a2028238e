import fs from 'node:fs';
import { createRequire } from 'node:module';

export type ElectronBinary = { readonly found: true; readonly path: string } | { readonly found: false; readonly reason: string };

/** The electron npm package exports the path of its binary when required from Node; it is optional and often absent. */
export function findElectronBinary(requireFrom: string): ElectronBinary {
  const require = createRequire(requireFrom);
  let binary: unknown;
  try {
    binary = require('electron');
  } catch (err) {
    const code = (err as { code?: string }).code;
    return { found: false, reason: code === 'MODULE_NOT_FOUND' ? 'the electron package is not installed' : (err as Error).message.split('\n')[0]! };
  }
  if (typeof binary !== 'string') return { found: false, reason: 'the electron package did not report a binary path' };
  if (!fs.existsSync(binary)) return { found: false, reason: `the Electron binary is missing at ${binary} (its download was skipped or blocked)` };
  return { found: true, path: binary };
}
