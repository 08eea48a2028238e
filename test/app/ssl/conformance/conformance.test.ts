import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareTree } from '../../../../app/ssl/conformance/compare';
import { decodeTensor } from '../../../../app/ssl/conformance/format';
import { EVALUATORS } from '../../../../app/ssl/conformance/kinds';
import { runVectorFile } from '../../../../app/ssl/conformance/report';
import { evaluateCase } from '../../../../app/ssl/conformance/run';
import { goldenExists, goldenFile, goldenPath, useBackend } from '../golden';

const tol = { abs: 1e-5, rel: 1e-4 };
const f64 = (shape: number[], data: number[]) => ({ shape, dtype: 'float64' as const, data: Float64Array.from(data) });

describe('vector-file comparison rules', () => {
  it('applies |got − expected| ≤ abs + rel·|expected| per element', () => {
    const expected = { loss: 100, t: { shape: [2], dtype: 'float64', data: [1, 2] } };
    expect(compareTree({ loss: 100.009, t: f64([2], [1, 2]) }, expected, tol).pass).toBe(true);
    const bad = compareTree({ loss: 100.02, t: f64([2], [1, 2.001]) }, expected, tol);
    expect(bad.pass).toBe(false);
    expect(bad.failures).toHaveLength(2);
    expect(bad.maxAbsError).toBeCloseTo(0.02, 10);
  });

  it('uses per-field tolerances and exact int32 / integer leaves', () => {
    const expected = { m: 1, mask: { shape: [2], dtype: 'int32', data: [0, 1] }, n: 448 };
    const fields = { ...tol, fields: { m: { abs: 0.5, rel: 0 } } };
    expect(compareTree({ m: 1.4, mask: { shape: [2], dtype: 'int32', data: Int32Array.from([0, 1]) }, n: 448 }, expected, fields).pass).toBe(true);
    expect(compareTree({ m: 1, mask: f64([2], [0, 1.000001]), n: 448 }, expected, tol).pass).toBe(false);
    expect(compareTree({ m: 1, mask: f64([2], [0, 1]), n: 449 }, expected, { abs: 10, rel: 0 }).pass).toBe(false);
  });

  it('rejects shape mismatches, missing and extra keys', () => {
    const expected = { t: { shape: [2], dtype: 'float64', data: [1, 2] } };
    expect(compareTree({ t: f64([1, 2], [1, 2]) }, expected, tol).pass).toBe(false);
    expect(compareTree({}, expected, tol).pass).toBe(false);
    expect(compareTree({ t: f64([2], [1, 2]), extra: 1 }, expected, tol).pass).toBe(false);
  });

  it('densifies sparse COO tensors and rounds float32 inputs', () => {
    const t = decodeTensor({ shape: [2, 3], dtype: 'float64', entries: [[0, 1, 0.5], [1, 2, -1]] });
    expect(Array.from(t.data)).toEqual([0, 0.5, 0, 0, 0, -1]);
    expect(decodeTensor({ shape: [1], dtype: 'float32', data: [0.1] }).data[0]).toBe(Math.fround(0.1));
    expect(() => decodeTensor({ shape: [1, 1], dtype: 'float64', entries: [[0, 2, 1]] })).toThrow();
  });

  it('reports unknown kinds and evaluator errors as failures', async () => {
    const base = { params: {}, input: {}, expected: {}, tolerance: tol };
    expect((await evaluateCase({ ...base, name: 'x', kind: 'no_such_kind' })).pass).toBe(false);
    const broken = await evaluateCase({ ...base, name: 'y', kind: 'barlow_twins_loss' });
    expect(broken.pass).toBe(false);
    expect(broken.failures[0]).toMatch(/threw/);
  });
});

describe('conformance runner', () => {
  it('reports per case and fails the run on any failing case', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ssl-vectors-'));
    const file = path.join(dir, 'v.json');
    const good = { name: 'ok', kind: 'cosine_schedule', params: { base_value: 1, final_value: 0, epochs: 2, iters_per_epoch: 1, warmup_epochs: 0, start_warmup_value: 0 }, input: {}, expected: { values: { shape: [2], dtype: 'float64', data: [1, 0.5] } }, tolerance: tol };
    const bad = { ...good, name: 'off', expected: { values: { shape: [2], dtype: 'float64', data: [1, 0.6] } } };
    await fs.writeFile(file, JSON.stringify({ format: 'cxr-ssl-vectors/1', cases: [good, bad] }));
    const lines: string[] = [];
    expect(await runVectorFile(file, (l) => lines.push(l))).toBe(false);
    expect(lines[0]).toMatch(/^PASS {2}ok/);
    expect(lines[1]).toMatch(/^FAIL {2}off/);
    expect(lines.at(-1)).toBe('1/2 cases passed (1 kinds), 1 FAILED');
    await fs.rm(dir, { recursive: true });
  });

  it.skipIf(!goldenExists)('passes the whole golden file', async () => {
    await useBackend('cpu');
    const lines: string[] = [];
    expect(await runVectorFile(goldenPath, (l) => lines.push(l))).toBe(true);
    expect(lines.at(-1)).toBe('63/63 cases passed (20 kinds)');
  });
});

describe.skipIf(!goldenExists)('golden file coverage', () => {
  it('has an evaluator for every kind the file documents and uses', () => {
    const file = goldenFile();
    const documented = Object.keys((file.conventions?.kinds ?? {}) as Record<string, unknown>);
    const used = new Set(file.cases.map((c) => c.kind));
    expect(documented.length).toBe(20);
    for (const kind of [...documented, ...used]) expect(EVALUATORS[kind], kind).toBeDefined();
  });
});
