// Sandboxed preload (bundled to dist/main/preload.cjs): exposes only `window.cxrBridge` = { send, onMessage }.
// In a sandboxed renderer `require` can load only `electron` (and a few Node built-ins), so this bundle must stay tiny.
import { BRIDGE_KEY, createBridge } from './bridge';
import type { ElectronRenderer } from './electron-api';

// `require`, not `import`: see electron-api.ts for why the electron module is typed locally.
const { contextBridge, ipcRenderer } = require('electron') as ElectronRenderer;

contextBridge.exposeInMainWorld(BRIDGE_KEY, createBridge(ipcRenderer));
