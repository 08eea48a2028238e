import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type VectorFile, parseVectorFile } from '../../../app/ssl/conformance/format';
import { evaluateCase } from '../../../app/ssl/conformance/run';
import { installWasmKernels } from '../../../app/ssl/nn/wasm-kernels';
import { installWasmAdamW } from '../../../app/ssl/optim/wasm-adamw';
import { installWasmEma } from '../../../app/ssl/optim/wasm-ema';

/** Golden vectors live in the shared folder next to the repo; without it these tests skip, visibly. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const goldenPath = path.resolve(repoRoot, '../shared', 'golden/ssl-vectors.json');
export const goldenExists = fs.existsSync(goldenPath);
if (!goldenExists) console.warn(`[ssl golden] ${goldenPath} not found: golden-vector tests in this file are SKIPPED`);

let cached: VectorFile | undefined;
export function goldenFile(): VectorFile {
  cached ??= parseVectorFile(JSON.parse(fs.readFileSync(goldenPath, 'utf8')));
  return cached;
}

export type TestBackend = 'cpu' | 'wasm';

export async function useBackend(name: TestBackend): Promise<void> {
  if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend(name))) throw new Error(`backend ${name} failed to initialise`);
  await tf.ready();
  // wasm runs with the replacement and fused kernels, as training does, so every wasm test exercises them.
  if (name === 'wasm') {
    installWasmKernels();
    installWasmAdamW();
    installWasmEma();
  }
}

/** Registers one test per golden case of the given kinds, checked with the case's own tolerance rule. */
export function describeGolden(kinds: readonly string[], backend: TestBackend = 'cpu'): void {
  describe.skipIf(!goldenExists)(`golden vectors on ${backend}: ${kinds.join(', ')}`, () => {
    beforeAll(() => useBackend(backend));
    const cases = goldenExists ? goldenFile().cases.filter((c) => kinds.includes(c.kind)) : [];
    it('the file has cases of every kind under test', () => {
      for (const kind of kinds) expect(cases.some((c) => c.kind === kind), kind).toBe(true);
    });
    for (const c of cases) {
      it(c.name, async () => {
        const result = await evaluateCase(c);
        expect(result.failures).toEqual([]);
        expect(result.pass).toBe(true);
      });
    }
  });
}
