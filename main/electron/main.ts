// Electron main entry (bundled to dist/main/electron-main.cjs, package.json "main"). Thin on purpose: the shell wiring
// is in ./shell.ts, everything the app does is in app/.
import type { ElectronMain } from './electron-api';
import { startShell } from './shell';

// `require`, not `import`: see electron-api.ts for why the electron module is typed locally.
const electron = require('electron') as ElectronMain;

startShell(electron, { distMainDir: __dirname, argv: process.argv, env: process.env, platform: process.platform }).catch((err: unknown) => {
  electron.dialog.showErrorBox('CXR Anatomy Studio failed to start', (err as Error)?.stack ?? String(err));
  electron.app.exit(1);
});
