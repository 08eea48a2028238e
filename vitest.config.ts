import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Native addons (better-sqlite3, tfjs wasm) are safest in separate processes.
    pool: 'forks',
    // A new database gets no sample phantoms unless a test asks for them: generating them would load every test.
    env: { CXR_SAMPLE_IMAGES: '0' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
