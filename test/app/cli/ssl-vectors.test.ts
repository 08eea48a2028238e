import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli';
import { useTempDir } from '../../helpers/temp-dir';
import { goldenExists, goldenPath } from '../ssl/golden';

const tempDir = useTempDir('cxr-ssl-vectors-');

const tol = { abs: 1e-5, rel: 1e-4 };
const schedule = (name: string, second: number) => ({
  name,
  kind: 'cosine_schedule',
  params: { base_value: 1, final_value: 0, epochs: 2, iters_per_epoch: 1, warmup_epochs: 0, start_warmup_value: 0 },
  input: {},
  expected: { values: { shape: [2], dtype: 'float64', data: [1, second] } },
  tolerance: tol,
});

describe('cli ssl-vectors (conformance runner)', () => {
  it('prints PASS/FAIL per case with the max error and exits 1 when any case fails, 0 when all pass', async () => {
    const dir = tempDir();
    const db = ['--db', path.join(dir, 'db.sqlite'), '--backend', 'cpu'];
    const mixed = path.join(dir, 'mixed.json');
    fs.writeFileSync(mixed, JSON.stringify({ format: 'cxr-ssl-vectors/1', cases: [schedule('ok', 0.5), schedule('off', 0.6)] }));
    const failing = await cli(['ssl-vectors', mixed, ...db]);
    expect(failing.code).toBe(1);
    const [first, second] = failing.out.split('\n');
    expect(first).toMatch(/^PASS {2}ok +max\|err\| 0\.00e\+0/);
    expect(second).toMatch(/^FAIL {2}off +max\|err\| 1\.00e-1/);
    expect(failing.err).toContain('some cases failed');
    const good = path.join(dir, 'good.json');
    fs.writeFileSync(good, JSON.stringify({ format: 'cxr-ssl-vectors/1', cases: [schedule('ok', 0.5)] }));
    expect((await cli(['ssl-vectors', good, ...db])).code).toBe(0);
    expect((await cli(['ssl-vectors', ...db])).code).toBe(2);
  });

  it.skipIf(!goldenExists)('passes the whole golden file on the wasm backend with our kernels', async () => {
    const dir = tempDir();
    const res = await cli(['ssl-vectors', goldenPath, '--db', path.join(dir, 'db.sqlite'), '--backend', 'wasm']);
    expect(res.code, res.out).toBe(0);
    expect(res.err).toContain('wasm');
    expect(res.out.split('\n').at(-1)).toBe('63/63 cases passed (20 kinds)');
  });
});
