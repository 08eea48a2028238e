import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedSimdSource } from '../../../../../app/ssl/nn/simd/assemble';
import { type SimdExports, instantiateSimd } from '../../../../../app/ssl/nn/simd/simd-module';
import { attentionScratchFloats } from '../../../../../app/ssl/nn/simd/attention-wat';
import { SimdPool } from '../../../../../app/ssl/nn/simd/simd-pool';
import { createRng } from '../../../../../app/ssl/rng';

const GENERATED = path.resolve(__dirname, '../../../../../app/ssl/nn/simd/simd-wasm.generated.ts');

/** A·B in float64, A [m,k] (or [k,m] when transposed), B [k,n] (or [n,k]). */
function reference(a: Float32Array, b: Float32Array, m: number, k: number, n: number, tA: boolean, tB: boolean): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let q = 0; q < k; q++) s += (a[tA ? q * m + i : i * k + q] as number) * (b[tB ? j * k + q : q * n + j] as number);
      c[i * n + j] = s;
    }
  }
  return c;
}

interface At {
  a: number;
  b: number;
  rowStride: number;
  kStride: number;
  packed: number;
  c: number;
  tiles: [number, number];
}

/** Lays A and B out in a heap, packs B, runs the product (A read in place, transposed or not); returns C. */
function multiply(memory: WebAssembly.Memory, run: (gemm: SimdExports, at: At) => void, gemm: SimdExports, a: Float32Array, b: Float32Array, m: number, k: number, n: number, tA: boolean, tB: boolean): Float32Array {
  const panels = Math.ceil(n / 8);
  // Odd float offsets: the kernel must not rely on 16-byte alignment.
  const at = { a: 4 * 3, b: 4 * (3 + m * k + 5), packed: 0, c: 0, tiles: [0, 0] as [number, number] };
  at.packed = at.b + 4 * (k * n + 1);
  at.c = at.packed + 4 * (panels * 8 * k + 1);
  at.tiles = [at.c + 4 * (m * n + 1), at.c + 4 * (m * n + 1) + 128];
  const need = at.tiles[1] + 256;
  if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
  const heap = new Float32Array(memory.buffer);
  heap.set(a, at.a / 4);
  heap.set(b, at.b / 4);
  heap.fill(Number.NaN, at.c / 4, at.c / 4 + m * n + 1);
  gemm.pack(at.b, k, n, tB ? 1 : 0, at.packed);
  const [rowStride, kStride] = tA ? [4, 4 * m] : [4 * k, 4];
  run(gemm, { a: at.a, b: at.b, rowStride, kStride, packed: at.packed, c: at.c, tiles: at.tiles });
  const out = new Float32Array(memory.buffer).slice(at.c / 4, at.c / 4 + m * n + 1);
  expect(out[m * n], 'the float after C is left alone').toBeNaN();
  return out.subarray(0, m * n);
}

const SHAPES: [number, number, number][] = [
  [1, 1, 1], [3, 5, 7], [4, 8, 8], [5, 9, 16], [5, 9, 17], [13, 1, 33], [64, 100, 9], [67, 70, 130], [197, 64, 197], [200, 16, 8],
];

function expectClose(got: Float32Array, want: Float64Array, k: number): void {
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs((got[i] as number) - (want[i] as number)));
  expect(worst).toBeLessThan(1e-6 * Math.max(8, k));
}

describe('wasm SIMD kernels module', () => {
  it('is generated from the current module-wat.ts (run `npm run gen:wasm` after changing it)', async () => {
    expect(fs.readFileSync(GENERATED, 'utf8')).toBe(await generatedSimdSource());
  });

  for (const fma of ['simd', 'fma'] as const) {
    it(`${fma}: matches a float64 product for ragged shapes, both operands plain or transposed`, () => {
      const previous = process.env.CXR_WASM_SIMD;
      process.env.CXR_WASM_SIMD = fma === 'simd' ? 'plain' : 'fma';
      const memory = new WebAssembly.Memory({ initial: 16 });
      const { exports, kind } = instantiateSimd(memory);
      if (previous === undefined) delete process.env.CXR_WASM_SIMD;
      else process.env.CXR_WASM_SIMD = previous;
      expect(kind).toBe(fma);
      const rng = createRng(5);
      for (const [m, k, n] of SHAPES) {
        for (const tA of [false, true]) {
          for (const tB of [false, true]) {
            const a = Float32Array.from({ length: m * k }, () => rng.normal());
            const b = Float32Array.from({ length: k * n }, () => rng.normal());
            const run = (g: SimdExports, at: At) => g.gemm(at.a, at.rowStride, at.kStride, at.packed, 32, 32 * k, at.c, m, k, n, 0, Math.ceil(n / 8), at.tiles[0], 0);
            expectClose(multiply(memory, run, exports, a, b, m, k, n, tA, tB), reference(a, b, m, k, n, tA, tB), k);
            if (n % 8 === 0 && !tB) {
              const inPlace = (g: SimdExports, at: At) => g.gemm(at.a, at.rowStride, at.kStride, at.b, 4 * n, 32, at.c, m, k, n, 0, n / 8, at.tiles[0], 0);
              expectClose(multiply(memory, inPlace, exports, a, b, m, k, n, tA, tB), reference(a, b, m, k, n, tA, tB), k);
            }
          }
        }
      }
    });
  }

  it('splits a product between two threads over a shared heap, by rows and by column panels', () => {
    const memory = new WebAssembly.Memory({ initial: 64, maximum: 65536, shared: true });
    const module = instantiateSimd(memory);
    const pool = new SimdPool(module.exports, module.module, memory);
    try {
      const rng = createRng(6);
      // ~300 rows: split by rows; 9 rows: split by column panels; [3,4,5]: too small to split. A plain and transposed.
      for (const [m, k, n, tA] of [[300, 128, 200, false], [301, 128, 200, true], [9, 700, 260, false], [9, 700, 260, true], [3, 4, 5, false]] as [number, number, number, boolean][]) {
        const a = Float32Array.from({ length: m * k }, () => rng.normal());
        const b = Float32Array.from({ length: k * n }, () => rng.normal());
        const run = (_: SimdExports, at: At) => pool.gemm({ a: at.a, rowStride: at.rowStride, kStride: at.kStride, b: at.packed, bRowStride: 32, panelStride: 32 * k, c: at.c, m, k, n, tiles: at.tiles, bias: 0 });
        expectClose(multiply(memory, run, module.exports, a, b, m, k, n, tA, false), reference(a, b, m, k, n, tA, false), k);
      }
    } finally {
      pool.close();
    }
  });

  it('splits elementwise passes (GELU forward and backward, EMA) between two threads with identical results', () => {
    const n = 100_003;
    const memory = new WebAssembly.Memory({ initial: 64, maximum: 65536, shared: true });
    const module = instantiateSimd(memory);
    const pool = new SimdPool(module.exports, module.module, memory);
    try {
      const rng = createRng(7);
      const heap = new Float32Array(memory.buffer);
      heap.set(Float32Array.from({ length: 2 * n }, () => 3 * rng.normal()));
      // Arrays of n floats one after another: x, dy, then y, Φ, dx computed directly, then the same split.
      const [x, dy, y1, c1, dx1, y2, c2, dx2] = Array.from({ length: 8 }, (_, i) => 4 * i * n) as [number, number, number, number, number, number, number, number];
      module.exports.gelu(x, y1, c1, n);
      module.exports.geluGrad(dy, x, c1, dx1, n);
      pool.elementwise('gelu', [x, y2, c2], n);
      pool.elementwise('geluGrad', [dy, x, c2, dx2], n);
      // EMA (scalar arguments after the arrays) into the y buffers: out = x·0.75 + dy·0.25.
      const [m, rest] = [0.75, 0.25].map((v) => new Int32Array(Float32Array.of(v).buffer)[0] ?? 0) as [number, number];
      const [e1, e2] = [4 * 8 * n, 4 * 9 * n];
      module.exports.ema(x, dy, e1, m, rest, n);
      pool.elementwise('ema', [x, dy, e2], n, [m, rest]);
      const view = (at: number) => new Float32Array(memory.buffer, at, n);
      expect(view(e2)).toEqual(view(e1));
      expect(view(e1)[5]).toBe(Math.fround(Math.fround((view(x)[5] ?? 0) * 0.75) + Math.fround((view(dy)[5] ?? 0) * 0.25)));
      expect(view(y2)).toEqual(view(y1));
      expect(view(c2)).toEqual(view(c1));
      expect(view(dx2)).toEqual(view(dx1));
    } finally {
      pool.close();
    }
  });

  it('splits attention heads between two threads with results identical to one thread', () => {
    const [n, t, d] = [6, 13, 8];
    const memory = new WebAssembly.Memory({ initial: 64, maximum: 65536, shared: true });
    const module = instantiateSimd(memory);
    const pool = new SimdPool(module.exports, module.module, memory);
    try {
      const rng = createRng(8);
      const [td, tt, per] = [n * t * d, n * t * t, attentionScratchFloats(t, d)];
      // Inputs q, kT, v, dOut; then per run: out, probs, dq, dkT, dv and two scratch areas.
      let next = 0;
      const alloc = (floats: number): number => {
        const at = 4 * next;
        next += floats;
        return at;
      };
      const [q, kT, v, dOut] = [alloc(td), alloc(td), alloc(td), alloc(td)];
      new Float32Array(memory.buffer).set(Float32Array.from({ length: 4 * td }, () => rng.normal()), q / 4);
      const runOnce = (split: boolean) => {
        const [out, probs, dq, dkT, dv, s0, s1] = [alloc(td), alloc(tt), alloc(td), alloc(td), alloc(td), alloc(per), alloc(per)] as [number, number, number, number, number, number, number];
        const forwardArgs = [q, kT, v, out, probs, t, d];
        const backwardArgs = [dOut, probs, q, kT, v, dq, dkT, dv, t, d];
        if (split) {
          pool.overHeads('attention', forwardArgs, n, [s0, s1]);
          pool.overHeads('attentionGrad', backwardArgs, n, [s0, s1]);
        } else {
          module.exports.attention(...(forwardArgs as [number, number, number, number, number, number, number]), 0, n, s0);
          module.exports.attentionGrad(...(backwardArgs as [number, number, number, number, number, number, number, number, number, number]), 0, n, s0);
        }
        return [out, probs, dq, dkT, dv].map((at, i) => Array.from(new Float32Array(memory.buffer, at, i === 1 ? tt : td)));
      };
      const single = runOnce(false);
      const split = runOnce(true);
      expect(split).toEqual(single);
      // Each row of probabilities sums to 1.
      const probs = single[1] ?? [];
      for (let row = 0; row < n * t; row++) expect(probs.slice(row * t, (row + 1) * t).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    } finally {
      pool.close();
    }
  });
});
