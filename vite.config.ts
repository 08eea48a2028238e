import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The renderer is one static bundle that both hosts load: Electron from file:// and the local web host over HTTP.
 * Hence relative asset URLs (base './') and no inline scripts, so the strict CSP in index.html holds.
 */
export default defineConfig({
  root: path.join(here, 'renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: path.join(here, 'dist', 'renderer'),
    emptyOutDir: true,
    // Chromium (Electron and the browsers we support) preloads modules natively; the polyfill would be extra script.
    modulePreload: { polyfill: false },
    sourcemap: true,
    target: 'chrome120',
    chunkSizeWarningLimit: 1024,
  },
});
