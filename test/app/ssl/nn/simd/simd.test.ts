import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedSimdSource } from '../../../../../app/ssl/nn/simd/assemble';
import { type SimdExports, type SimdModule, instantiateSimd } from '../../../../../app/ssl/nn/simd/simd-module';
import { attentionScratchFloats } from '../../../../../app/ssl/nn/simd/attention-wat';
import { GEMM_SCRATCH_BYTES, scaleCode } from '../../../../../app/ssl/nn/simd/gemm-wat';
import { SimdPool, hostWorkFlag } from '../../../../../app/ssl/nn/simd/simd-pool';
import { float32Bits } from '../../../../../app/ssl/nn/wasm-heap';
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
  at.tiles = [at.c + 4 * (m * n + 1), at.c + 4 * (m * n + 1) + GEMM_SCRATCH_BYTES];
  const need = at.tiles[1] + GEMM_SCRATCH_BYTES;
  if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
  const heap = new Float32Array(memory.buffer);
  heap.set(a, at.a / 4);
  heap.set(b, at.b / 4);
  heap.fill(Number.NaN, at.c / 4, at.c / 4 + m * n + 1);
  gemm.pack(at.b, k, n, tB ? 4 : 4 * n, tB ? 4 * k : 4, at.packed);
  const [rowStride, kStride] = tA ? [4, 4 * m] : [4 * k, 4];
  run(gemm, { a: at.a, b: at.b, rowStride, kStride, packed: at.packed, c: at.c, tiles: at.tiles });
  const out = new Float32Array(memory.buffer).slice(at.c / 4, at.c / 4 + m * n + 1);
  expect(out[m * n], 'the float after C is left alone').toBeNaN();
  return out.subarray(0, m * n);
}

/**
 * timm attention in float64 on qkv [B·t, 3D] (columns q | k | v, head-major): out [B·t, D] and, for the
 * output gradient dOut, dqkv [B·t, 3D].
 */
function attentionReference(qkv: Float32Array, dOut: Float32Array, images: number, heads: number, t: number, d: number, scale: number): [Float64Array, Float64Array] {
  const dim = heads * d;
  const out = new Float64Array(images * t * dim);
  const dqkv = new Float64Array(images * t * 3 * dim);
  const x = (b: number, i: number, part: number, h: number, j: number): number => qkv[(b * t + i) * 3 * dim + part * dim + h * d + j] as number;
  for (let b = 0; b < images; b++) {
    for (let h = 0; h < heads; h++) {
      const p = Array.from({ length: t }, (_, i) => {
        const s = Array.from({ length: t }, (_, k) => scale * Array.from({ length: d }, (_, j) => x(b, i, 0, h, j) * x(b, k, 1, h, j)).reduce((u, v) => u + v, 0));
        const mx = Math.max(...s);
        const e = s.map((v) => Math.exp(v - mx));
        const sum = e.reduce((u, v) => u + v, 0);
        return e.map((v) => v / sum);
      });
      const g = (i: number, j: number): number => dOut[(b * t + i) * dim + h * d + j] as number;
      const at = (i: number, part: number, j: number): number => (b * t + i) * 3 * dim + part * dim + h * d + j;
      for (let i = 0; i < t; i++) {
        const pi = p[i] as number[];
        for (let j = 0; j < d; j++) out[(b * t + i) * dim + h * d + j] = pi.reduce((u, pk, k) => u + pk * x(b, k, 2, h, j), 0);
        const dp = Array.from({ length: t }, (_, k) => Array.from({ length: d }, (_, j) => g(i, j) * x(b, k, 2, h, j)).reduce((u, v) => u + v, 0));
        const dot = dp.reduce((u, v, k) => u + v * (pi[k] as number), 0);
        for (let k = 0; k < t; k++) {
          const ds = scale * (pi[k] as number) * ((dp[k] as number) - dot);
          for (let j = 0; j < d; j++) {
            dqkv[at(i, 0, j)] = (dqkv[at(i, 0, j)] as number) + ds * x(b, k, 1, h, j);
            dqkv[at(k, 1, j)] = (dqkv[at(k, 1, j)] as number) + ds * x(b, i, 0, h, j);
            dqkv[at(k, 2, j)] = (dqkv[at(k, 2, j)] as number) + (pi[k] as number) * g(i, j);
          }
        }
      }
    }
  }
  return [out, dqkv];
}

/** A shared heap, the module on it and a two-thread pool, closed after fn. */
function withPool(fn: (memory: WebAssembly.Memory, module: SimdModule, pool: SimdPool) => void): void {
  const memory = new WebAssembly.Memory({ initial: 64, maximum: 65536, shared: true });
  const module = instantiateSimd(memory);
  const pool = new SimdPool(module.exports, module.module, memory);
  try {
    fn(memory, module, pool);
  } finally {
    pool.close();
  }
}

/** Byte offsets of consecutive heap regions of the given float counts from byte 4, a float apart (no region is 16-byte aligned by design). */
function allocator(): (floats: number) => number {
  let next = 4;
  return (floats) => {
    const at = next;
    next += 4 * floats + 4;
    return at;
  };
}

/**
 * A product's operands in the heap, random normal: A [m,k], B [k,n] and its packed panels, a start and C
 * [m,n], a bias of whole panels (or m row factors), and two threads' GEMM scratch.
 */
function randomProduct(memory: WebAssembly.Memory, g: SimdExports, rng: ReturnType<typeof createRng>, m: number, k: number, n: number) {
  const panels = Math.ceil(n / 8);
  const alloc = allocator();
  const [a, b, packed, start, c, bias, tiles] = [m * k, k * n, panels * 8 * k, m * n, m * n, Math.max(panels * 8, m), (2 * GEMM_SCRATCH_BYTES) / 4].map(alloc) as [number, number, number, number, number, number, number];
  const heap = new Float32Array(memory.buffer);
  for (const [at, length] of [[a, m * k], [b, k * n], [start, m * n], [bias, Math.max(panels * 8, m)]] as const) heap.set(Float32Array.from({ length }, () => rng.normal()), at / 4);
  g.pack(b, k, n, 4 * n, 4, packed);
  return { panels, a, packed, start, c, bias, tiles };
}

const SHAPES: [number, number, number][] = [
  [1, 1, 1], [3, 5, 7], [4, 8, 8], [5, 9, 16], [5, 9, 17], [13, 1, 33], [64, 100, 9], [67, 70, 130], [197, 64, 197], [200, 16, 8],
  // k longer than a packed A block holds (512): chunks of equal length.
  [70, 1030, 12], [6, 513, 16],
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
            const want = reference(a, b, m, k, n, tA, tB);
            // Whole k, and k in chunks of 3 (C carried between chunks).
            for (const kc of [0, 3]) {
              const run = (g: SimdExports, at: At) => g.gemm(at.a, at.rowStride, at.kStride, at.packed, 32, 32 * k, at.c, 4 * n, m, k, n, 0, Math.ceil(n / 8), at.tiles[0], 0, 0, 0, kc);
              expectClose(multiply(memory, run, exports, a, b, m, k, n, tA, tB), want, k);
              if (n % 8 === 0 && !tB) {
                const inPlace = (g: SimdExports, at: At) => g.gemm(at.a, at.rowStride, at.kStride, at.b, 4 * n, 32, at.c, 4 * n, m, k, n, 0, n / 8, at.tiles[0], 0, 0, 0, kc);
                expectClose(multiply(memory, inPlace, exports, a, b, m, k, n, tA, tB), want, k);
              }
            }
          }
        }
      }
    });
  }

  it('adds a start matrix (a residual, read in place from C) and a bias, or scales the start per column or per row, ragged panels and k chunks included, split or not', () => {
    withPool((memory, module, pool) => {
    const rng = createRng(10);
    for (const [m, k, n] of [[70, 9, 13], [5, 3, 8], [130, 40, 300]] as [number, number, number][]) {
      const a = Float32Array.from({ length: m * k }, () => rng.normal());
      const b = Float32Array.from({ length: k * n }, () => rng.normal());
      const start = Float32Array.from({ length: m * n }, () => rng.normal());
      const panels = Math.ceil(n / 8);
      const bias = Float32Array.from({ length: panels * 8 }, (_, j) => (j < n ? rng.normal() : 0));
      const rowScale = Float32Array.from({ length: m }, () => rng.normal());
      const product = reference(a, b, m, k, n, false, false);
      for (const scale of [undefined, 'columns', 'rows'] as const) {
        const want = product.map((x, i) =>
          scale === 'columns' ? x + (start[i] ?? 0) * (bias[i % n] ?? 0) : scale === 'rows' ? x + (start[i] ?? 0) * (rowScale[Math.floor(i / n)] ?? 0) : x + (start[i] ?? 0) + (bias[i % n] ?? 0),
        );
        for (const split of [false, true]) {
          for (const kChunk of [0, 4]) {
            const alloc = allocator();
            const [aAt, bAt, packed, c, biasAt, tiles] = [alloc(m * k), alloc(k * n), alloc(panels * 8 * k), alloc(m * n), alloc(Math.max(panels * 8, m)), alloc((2 * GEMM_SCRATCH_BYTES) / 4)] as [number, number, number, number, number, number];
            const heap = new Float32Array(memory.buffer);
            heap.set(a, aAt / 4);
            heap.set(b, bAt / 4);
            heap.set(start, c / 4);
            heap.set(scale === 'rows' ? rowScale : bias, biasAt / 4);
            module.exports.pack(bAt, k, n, 4 * n, 4, packed);
            const call = { a: aAt, rowStride: 4 * k, kStride: 4, b: packed, bRowStride: 32, panelStride: 32 * k, c, cRowStride: 4 * n, m, k, n, tiles: [tiles, tiles + GEMM_SCRATCH_BYTES] as [number, number], bias: biasAt, start: c, scale, kChunk };
            if (split) pool.gemm(call);
            else module.exports.gemm(aAt, 4 * k, 4, packed, 32, 32 * k, c, 4 * n, m, k, n, 0, panels, tiles, biasAt, c, scaleCode(scale), kChunk);
            expectClose(new Float32Array(memory.buffer, c, m * n), want, k + 2);
          }
        }
      }
    }
    });
  });

  it('gives the same bits whatever chunks k is taken in (a ragged last panel, a bias, a start and its scalings, a transposed A included)', () => {
    const memory = new WebAssembly.Memory({ initial: 64 });
    const { exports: g } = instantiateSimd(memory);
    const rng = createRng(12);
    // k of 600 and 1030 is also chunked by the kernel itself (a packed A block holds 512).
    for (const [m, k, n] of [[65, 600, 13], [70, 1030, 12], [9, 40, 5]] as [number, number, number][]) {
      const { panels, a: aAt, packed, start, c, bias: biasAt, tiles: tile } = randomProduct(memory, g, rng, m, k, n);
      for (const tA of [false, true]) {
        const [rs, ks] = tA ? [4, 4 * m] : [4 * k, 4];
        for (const [bias, startAt, scaled] of [[0, 0, 0], [biasAt, 0, 0], [biasAt, start, 0], [biasAt, start, scaleCode('columns')], [biasAt, start, scaleCode('rows')]] as const) {
          const result = (kc: number): Uint32Array => {
            g.gemm(aAt, rs, ks, packed, 32, 32 * k, c, 4 * n, m, k, n, 0, panels, tile, bias, startAt, scaled, kc);
            return new Uint32Array(memory.buffer.slice(c, c + 4 * m * n));
          };
          const whole = result(0);
          for (const kc of [3, 128]) expect(result(kc), `[${m},${k},${n}] tA=${tA} bias=${bias > 0} start=${startAt > 0} scaled=${scaled} kc=${kc}`).toEqual(whole);
        }
      }
    }
  });

  it('splits a product between two threads over a shared heap, by rows and by column panels', () => {
    withPool((memory, module, pool) => {
    const rng = createRng(6);
    // ~300 rows: split by rows; 9 rows: split by column panels; [3,4,5]: too small to split. A plain and transposed.
    for (const [m, k, n, tA] of [[300, 128, 200, false], [301, 128, 200, true], [9, 700, 260, false], [9, 700, 260, true], [3, 4, 5, false]] as [number, number, number, boolean][]) {
      const a = Float32Array.from({ length: m * k }, () => rng.normal());
      const b = Float32Array.from({ length: k * n }, () => rng.normal());
      const run = (_: SimdExports, at: At) => pool.gemm({ a: at.a, rowStride: at.rowStride, kStride: at.kStride, b: at.packed, bRowStride: 32, panelStride: 32 * k, c: at.c, cRowStride: 4 * n, m, k, n, tiles: at.tiles, bias: 0, start: 0 });
      expectClose(multiply(memory, run, module.exports, a, b, m, k, n, tA, false), reference(a, b, m, k, n, tA, false), k);
    }
    });
  });

  it('gives the bits of one thread when two split the rows, claiming blocks as they go (tail blocks, k chunks, a ragged panel, a bias, a start and its scalings, a transposed A)', () => {
    withPool((memory, module, pool) => {
      const rng = createRng(14);
      // 300 rows: blocks of 64 while 4 are left, then of 16; k = 600 is taken in chunks by the kernel.
      const [m, k, n] = [300, 600, 13];
      const { panels, a: aAt, packed, start, c, bias: biasAt, tiles } = randomProduct(memory, module.exports, rng, m, k, n);
      for (const tA of [false, true]) {
        const [rowStride, kStride] = tA ? [4, 4 * m] : [4 * k, 4];
        for (const [bias, startAt, scale] of [[0, 0, undefined], [biasAt, start, undefined], [biasAt, start, 'columns'], [biasAt, start, 'rows']] as const) {
          const bits = (run: () => void): Uint32Array => {
            new Float32Array(memory.buffer, c, m * n).fill(Number.NaN);
            run();
            return new Uint32Array(memory.buffer.slice(c, c + 4 * m * n));
          };
          const one = bits(() => module.exports.gemm(aAt, rowStride, kStride, packed, 32, 32 * k, c, 4 * n, m, k, n, 0, panels, tiles, bias, startAt, scaleCode(scale), 0));
          const two = bits(() => pool.gemm({ a: aAt, rowStride, kStride, b: packed, bRowStride: 32, panelStride: 32 * k, c, cRowStride: 4 * n, m, k, n, tiles: [tiles, tiles + GEMM_SCRATCH_BYTES], bias, start: startAt, scale }));
          expect(two, `tA=${tA} bias=${bias > 0} start=${startAt > 0} scale=${scale}`).toEqual(one);
        }
      }
    });
  });

  it("throws the second thread's error on the calling thread (a trap there must not hang the caller), then keeps working", () => {
    withPool((memory, _, pool) => {
      const f32 = new Float32Array(memory.buffer);
      f32.set([1, 2, 3, 4, 5, 6, 7, 8], 16);
      const beyond = memory.buffer.byteLength;
      expect(() => pool.inParallel('sumSquares', [64, 4, 1024], [beyond, 64, 1032])).toThrow(/second SIMD thread failed in sumSquares\(\d+, 64, 1032\): RuntimeError: memory access out of bounds/);
      pool.inParallel('sumSquares', [64, 4, 1024], [80, 4, 1032]);
      const sums = new Float64Array(memory.buffer, 1024, 2);
      expect([...sums]).toEqual([1 + 4 + 9 + 16, 25 + 36 + 49 + 64]);
    });
  });

  it('runs both halves on the calling thread once the second thread has exited, instead of waiting for it', async () => {
    const memory = new WebAssembly.Memory({ initial: 64, maximum: 65536, shared: true });
    const module = instantiateSimd(memory);
    const pool = new SimdPool(module.exports, module.module, memory);
    // The pool's own thread, to await its exit (close() ends it, as a crash outside a kernel would).
    const worker = (pool as unknown as { worker: import('node:worker_threads').Worker }).worker;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    pool.close();
    await exited;
    new Float32Array(memory.buffer).set([1, 2, 3, 4, 5, 6, 7, 8], 16);
    pool.inParallel('sumSquares', [64, 4, 1024], [80, 4, 1032]);
    expect([...new Float64Array(memory.buffer, 1024, 2)]).toEqual([30, 174]);
  });

  it('splits transposes by source columns between two threads, ragged edges included, exactly', () => {
    withPool((memory, module, pool) => {
    const rng = createRng(9);
    for (const [rows, cols] of [[201, 203], [256, 300], [7, 5], [3, 40000]] as [number, number][]) {
      const n = rows * cols;
      const [src, a, b] = [4 * 3, 4 * (3 + n + 1), 4 * (3 + 2 * n + 2)];
      const need = b + 4 * n + 64;
      if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
      const values = Float32Array.from({ length: n }, () => rng.normal());
      new Float32Array(memory.buffer).set(values, src / 4);
      module.exports.transpose2d(src, rows, cols, a, 0, cols);
      pool.transpose2d(src, rows, cols, b);
      const [one, two] = [a, b].map((at) => new Float32Array(memory.buffer, at, n));
      expect(two).toEqual(one);
      for (const [r, c] of [[0, 0], [rows - 1, cols - 1], [rows >> 1, cols >> 1], [rows - 1, 0]] as [number, number][]) expect(one![c * rows + r]).toBe(values[r * cols + c]);
    }
    });
  });

  it('packs B into panels like the definition, row-major or transposed, whole, grouped or ragged, split between two threads or not', () => {
    withPool((memory, module, pool) => {
      const rng = createRng(10);
      for (const [k, n, transposed] of [[788, 768, false], [33, 60, false], [5, 7, false], [300, 130, false], [64, 197, true], [9, 40, true]] as [number, number, boolean][]) {
        const panels = Math.ceil(n / 8);
        const [src, a, b] = [64, 64 + 4 * k * n, 64 + 4 * k * n + 32 * panels * k];
        const need = b + 32 * panels * k;
        if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
        const values = Float32Array.from({ length: k * n }, () => rng.normal());
        new Float32Array(memory.buffer).set(values, src / 4);
        // B[q][j] at src + q·sk + j·sn: row-major [k, n], or the transpose of a row-major [n, k].
        const [sk, sn] = transposed ? [4, 4 * k] : [4 * n, 4];
        module.exports.pack(src, k, n, sk, sn, a);
        pool.pack(src, k, n, sk, sn, b);
        const [one, two] = [a, b].map((at) => new Float32Array(memory.buffer, at, 8 * panels * k));
        expect(two).toEqual(one);
        const want = (p: number, q: number, v: number): number => {
          const j = 8 * p + v;
          return j >= n ? 0 : (values[transposed ? j * k + q : q * n + j] as number);
        };
        let mismatches = 0;
        for (let p = 0; p < panels; p++) for (let q = 0; q < k; q++) for (let v = 0; v < 8; v++) if (one![(p * k + q) * 8 + v] !== want(p, q, v)) mismatches++;
        expect(mismatches).toBe(0);
      }
    });
  });

  it('splits elementwise passes (GELU forward and backward, EMA, AdamW with and without the EMA) between two threads with identical results', () => {
    const n = 100_003;
    withPool((memory, module, pool) => {
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
    const [m, rest] = [0.75, 0.25].map(float32Bits) as [number, number];
    const [e1, e2] = [4 * 8 * n, 4 * 9 * n];
    module.exports.ema(x, dy, e1, m, rest, n);
    pool.elementwise('ema', [x, dy, e2], n, [m, rest]);
    const view = (at: number) => new Float32Array(memory.buffer, at, n);
    expect(view(e2)).toEqual(view(e1));
    expect(view(e1)[5]).toBe(Math.fround(Math.fround((view(x)[5] ?? 0) * 0.75) + Math.fround((view(dy)[5] ?? 0) * 0.25)));
    expect(view(y2)).toEqual(view(y1));
    expect(view(c2)).toEqual(view(c1));
    expect(view(dx2)).toEqual(view(dx1));
    // AdamW (p = x, g = dy, moments from y1/c1, float64 scalars in memory), once whole, once split.
    const scalars = 4 * 16 * n;
    memory.grow(Math.ceil((scalars + 64 - memory.buffer.byteLength) / 65536));
    new Float64Array(memory.buffer, scalars, 7).set([0.5, 0.9, 0.999, 0.99, 1e-3, 0.3, 1e-8]);
    const moments = [0, 1].map((run) => [4 * (12 + 2 * run) * n, 4 * (13 + 2 * run) * n]) as [number, number][];
    for (const [mAt, vAt] of moments) {
      view(mAt).set(view(y1));
      view(vAt).set(view(c1));
    }
    const [p1, p2] = [4 * 10 * n, 4 * 11 * n];
    module.exports.adamw(x, dy, ...moments[0]!, p1, scalars, n);
    pool.elementwise('adamw', [x, dy, ...moments[1]!, p2], n, [scalars]);
    expect(view(p2)).toEqual(view(p1));
    expect(moments[1]!.map(view)).toEqual(moments[0]!.map(view));
    expect(view(p1)[n - 1]).not.toBe(view(x)[n - 1]);
    // GELU's value alone (no Φ kept), whole and split: the forward's y.
    const [v1, v2] = [4 * 17 * n, 4 * 18 * n];
    memory.grow(Math.ceil((v2 + 4 * n - memory.buffer.byteLength) / 65536));
    module.exports.geluValue(x, v1, n);
    pool.elementwise('geluValue', [x, v2], n);
    expect(view(v1)).toEqual(view(y1));
    expect(view(v2)).toEqual(view(y1));
    // AdamW with the EMA teacher (t = dy) in its pass, whole and split, from the same moments as above: the
    // same parameters and moments as adamw alone, the teacher as the EMA pass over the new parameters.
    const [q1, q2, t1, t2, te] = [19, 20, 21, 22, 23].map((i) => 4 * i * n) as [number, number, number, number, number];
    const moments2 = [0, 1].map((run) => [4 * (24 + 2 * run) * n, 4 * (25 + 2 * run) * n]) as [number, number][];
    memory.grow(Math.ceil((4 * 28 * n - memory.buffer.byteLength) / 65536));
    for (const [mAt, vAt] of moments2) {
      view(mAt).set(view(y1));
      view(vAt).set(view(c1));
    }
    module.exports.adamwEma(x, dy, ...moments2[0]!, q1, dy, t1, scalars, m, rest, n);
    pool.elementwise('adamwEma', [x, dy, ...moments2[1]!, q2, dy, t2], n, [scalars, m, rest]);
    module.exports.ema(dy, p1, te, m, rest, n);
    for (const at of [q1, q2]) expect(view(at)).toEqual(view(p1));
    for (const at of [t1, t2]) expect(view(at)).toEqual(view(te));
    for (const pair of moments2) expect(pair.map(view)).toEqual(moments[0]!.map(view));
    // While host work runs elsewhere (a raised host-work flag), both halves run on this thread: the same values.
    const [y3, c3] = [4 * 28 * n, 4 * 29 * n];
    memory.grow(Math.max(0, Math.ceil((4 * 30 * n - memory.buffer.byteLength) / 65536)));
    const busy = hostWorkFlag();
    Atomics.store(busy.flag, 0, 1);
    try {
      pool.elementwise('gelu', [x, y3, c3], n);
    } finally {
      busy.remove();
    }
    expect(view(y3)).toEqual(view(y1));
    // a + b (a gradient summed over micro-batches), whole and split.
    const [s1, s2] = [4 * 30 * n, 4 * 31 * n];
    memory.grow(Math.max(0, Math.ceil((4 * 32 * n - memory.buffer.byteLength) / 65536)));
    module.exports.add(x, dy, s1, n);
    pool.elementwise('add', [x, dy, s2], n);
    expect(view(s2)).toEqual(view(s1));
    expect(view(s1)[n - 1]).toBe(Math.fround((view(x)[n - 1] ?? 0) + (view(dy)[n - 1] ?? 0)));
    });
  });

  it('splits the loss kernels (α-BCE by halves, DINO rows by block; identical results) and Σ g² between two threads', () => {
    const [n, width] = [40_003, 1024];
    withPool((memory, module, pool) => {
      const rng = createRng(9);
      memory.grow(Math.max(0, Math.ceil((4 * (6 * n + 10 * width + 64) - memory.buffer.byteLength) / 65536)));
      const heap = new Float32Array(memory.buffer);
      const [x, t, l1, g1, l2, g2] = Array.from({ length: 6 }, (_, i) => 4 * i * n) as [number, number, number, number, number, number];
      heap.set(Float32Array.from({ length: n }, () => 3 * rng.normal()), x / 4);
      heap.set(Float32Array.from({ length: n }, () => rng.float()), t / 4);
      const scalars = [14, 0.1, 0.8, 1 / n, 14 / n].map(float32Bits);
      module.exports.alphaBce(x, t, l1, g1, ...(scalars as [number, number, number, number, number]), n);
      pool.elementwise('alphaBce', [x, t, l2, g2], n, scalars);
      const view = (at: number, length = n) => new Float32Array(memory.buffer, at, length);
      expect(view(l2)).toEqual(view(l1));
      expect(view(g2)).toEqual(view(g1));
      // Two student rows against two teacher rows, each block once alone and once as the pool's two halves.
      const [s, te, c, h1, h2, p1, p2] = [0, 2, 4, 5, 7, 9, 9.5].map((i) => 4 * (6 * n + i * width)) as number[] as [number, number, number, number, number, number, number];
      heap.set(Float32Array.from({ length: 5 * width }, () => rng.normal()), s / 4);
      const temps = [10, 25, 1.25].map(float32Bits) as [number, number, number];
      const calls = (g: number, part: number) => [[s, te + 4 * width, c, g, part, 1, width, ...temps], [s + 4 * width, te, c, g + 4 * width, part + 12, 1, width, ...temps]];
      for (const call of calls(h1, p1)) module.exports.dinoRows(...(call as Parameters<SimdExports['dinoRows']>));
      const [here, there] = calls(h2, p2) as [number[], number[]];
      pool.inParallel('dinoRows', here, there);
      expect(view(h2, 2 * width)).toEqual(view(h1, 2 * width));
      expect(view(p2, 6)).toEqual(view(p1, 6));
      expect(view(p1, 6).every(Number.isFinite)).toBe(true);
      // Σ g² of the α-BCE gradient in float64, whole and as two halves (the AdamW clipping norm).
      const sums = new Float64Array(memory.buffer, 4 * (6 * n + 9.75 * width), 4).fill(0);
      module.exports.sumSquares(g1, n, sums.byteOffset);
      pool.sumSquares(g1, n, sums.byteOffset + 16);
      const exact = Array.from(view(g1)).reduce((a, v) => a + v * v, 0);
      expect(Math.abs((sums[0] as number) - exact) / exact).toBeLessThan(1e-12);
      expect(Math.abs((sums[2] as number) + (sums[3] as number) - exact) / exact).toBeLessThan(1e-12);
      expect(sums[3]).toBeGreaterThan(0);
      // Row norms of the DINO rows' five [width] rows, whole and as two row blocks.
      const [r1, r2] = [sums.byteOffset + 32, sums.byteOffset + 64];
      module.exports.rowSumSquares(s, 5, width, r1);
      pool.inParallel('rowSumSquares', [s, 2, width, r2], [s + 8 * width, 3, width, r2 + 8]);
      expect(view(r2, 5)).toEqual(view(r1, 5));
    });
  });

  it('splits BatchNorm + ReLU by channels between two threads with identical results, forward and backward', () => {
    const [rows, width] = [301, 24];
    withPool((memory, module, pool) => {
      const rng = createRng(10);
      const size = rows * width;
      const heap = new Float32Array(memory.buffer);
      // x, dy, then per run: y, x̂, dx; then w, b, and per run: mean, 1/σ, dw, db.
      const [x, dy] = [0, 4 * size];
      const run = (i: number) => ({ y: 4 * (2 + 3 * i) * size, xhat: 4 * (3 + 3 * i) * size, dx: 4 * (4 + 3 * i) * size });
      const small = (i: number) => 4 * (8 * size + i * width);
      const [w, b] = [small(0), small(1)];
      const stats = (i: number) => ({ mean: small(2 + 4 * i), rstd: small(3 + 4 * i), dw: small(4 + 4 * i), db: small(5 + 4 * i) });
      heap.set(Float32Array.from({ length: 2 * size }, () => rng.normal()), 0);
      heap.set(Float32Array.from({ length: 2 * width }, () => 1 + rng.normal()), w / 4);
      const eps = float32Bits(1e-5);
      const forward = (i: number, c0: number, c1: number) => [x, w, b, run(i).y, run(i).xhat, stats(i).mean, stats(i).rstd, rows, width, c0, c1, eps];
      const backward = (i: number, c0: number, c1: number) => [dy, run(i).xhat, run(i).y, stats(i).rstd, w, run(i).dx, stats(i).dw, stats(i).db, rows, width, c0, c1];
      module.exports.batchNormRelu(...(forward(0, 0, width) as Parameters<SimdExports['batchNormRelu']>));
      module.exports.batchNormReluGrad(...(backward(0, 0, width) as Parameters<SimdExports['batchNormReluGrad']>));
      pool.inParallel('batchNormRelu', forward(1, 0, 12), forward(1, 12, width));
      pool.inParallel('batchNormReluGrad', backward(1, 0, 12), backward(1, 12, width));
      const view = (at: number, length = size) => Array.from(new Float32Array(memory.buffer, at, length));
      for (const key of ['y', 'xhat', 'dx'] as const) expect(view(run(1)[key])).toEqual(view(run(0)[key]));
      for (const key of ['rstd', 'dw', 'db'] as const) expect(view(stats(1)[key], width)).toEqual(view(stats(0)[key], width));
      // Column 5 by hand in float64: μ and 1/σ of the column, y = max(x̂·w + b, 0) in row 7.
      const col = Array.from({ length: rows }, (_, r) => view(x + 4 * (r * width + 5), 1)[0] as number);
      const mu = col.reduce((a, v) => a + v, 0) / rows;
      const rstd = 1 / Math.sqrt(col.reduce((a, v) => a + (v - mu) ** 2, 0) / rows + 1e-5);
      expect(Math.abs((view(stats(0).rstd, width)[5] as number) - rstd) / rstd).toBeLessThan(1e-5);
      const [w5, b5] = [view(w, width)[5] as number, view(b, width)[5] as number];
      expect(Math.abs((view(run(0).y + 4 * (7 * width + 5), 1)[0] as number) - Math.max(0, (col[7]! - mu) * rstd * w5 + b5))).toBeLessThan(1e-5);
    });
  });

  it('splits LayerNorm rows between two threads with identical results; x̂ = y writes y alone', () => {
    const [rows, d] = [301, 192];
    withPool((memory, module, pool) => {
      const rng = createRng(8);
      const size = rows * d;
      const bytes = 4 * (4 * size + 2 * d + 2 * rows) + 64;
      memory.grow(Math.max(0, Math.ceil((bytes - memory.buffer.byteLength) / 65536)));
      const heap = new Float32Array(memory.buffer);
      const [x, y1, h1, y2, h2, y3] = Array.from({ length: 6 }, (_, i) => 4 * i * size) as [number, number, number, number, number, number];
      const [w, b, r1, r2, r3] = [6 * size, 6 * size + d, 6 * size + 2 * d, 6 * size + 2 * d + rows, 6 * size + 2 * d + 2 * rows].map((f) => 4 * f) as [number, number, number, number, number];
      heap.set(Float32Array.from({ length: size }, () => 2 + 3 * rng.normal()), x / 4);
      heap.set(Float32Array.from({ length: 2 * d }, () => rng.normal()), w / 4);
      const eps = float32Bits(1e-6);
      module.exports.layerNorm(x, w, b, y1, h1, r1, rows, d, eps);
      pool.layerNorm({ x, w, b, y: y2, xhat: h2, rstd: r2 }, rows, d, eps);
      pool.layerNorm({ x, w, b, y: y3, xhat: y3, rstd: r3 }, rows, d, eps);
      const view = (at: number, n = size) => new Float32Array(memory.buffer, at, n);
      expect(view(y2)).toEqual(view(y1));
      expect(view(h2)).toEqual(view(h1));
      expect(view(r2, rows)).toEqual(view(r1, rows));
      expect(view(y3)).toEqual(view(y1));
      // Row 7, column 3 against float64.
      const row = Array.from(view(x + 4 * 7 * d, d));
      const mean = row.reduce((s, v) => s + v, 0) / d;
      const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / d;
      const want = ((row[3]! - mean) / Math.sqrt(variance + 1e-6)) * view(w, d)[3]! + view(b, d)[3]!;
      expect(Math.abs(view(y1)[7 * d + 3]! - want)).toBeLessThan(1e-5);
    });
  });

  it('splits attention heads between two threads with results identical to one thread, both equal to float64', () => {
    const [images, heads, t, d] = [2, 3, 13, 8];
    const [n, dim] = [images * heads, heads * d];
    const rows = images * t;
    withPool((memory, module, pool) => {
    const rng = createRng(8);
    const per = attentionScratchFloats(t, d);
    let next = 0;
    const alloc = (floats: number): number => {
      const at = 4 * next;
      next += floats;
      return at;
    };
    const qkvValues = Float32Array.from({ length: rows * 3 * dim }, () => rng.normal());
    const dOutValues = Float32Array.from({ length: rows * dim }, () => rng.normal());
    const [qkv, dOut] = [alloc(rows * 3 * dim), alloc(rows * dim)];
    new Float32Array(memory.buffer).set(qkvValues, qkv / 4);
    new Float32Array(memory.buffer).set(dOutValues, dOut / 4);
    const scale = 0.25;
    const scaleBits = float32Bits(scale);
    const runOnce = (split: boolean) => {
      const [out, probs, dqkv, s0, s1] = [alloc(rows * dim), alloc(n * t * t), alloc(rows * 3 * dim), alloc(per), alloc(per)] as [number, number, number, number, number];
      const forwardArgs = [qkv, out, probs, t, d, heads, scaleBits];
      const backwardArgs = [dOut, probs, qkv, dqkv, t, d, heads, scaleBits];
      if (split) {
        pool.overHeads('attention', forwardArgs, n, [s0, s1]);
        pool.overHeads('attentionGrad', backwardArgs, n, [s0, s1]);
      } else {
        module.exports.attention(...(forwardArgs as [number, number, number, number, number, number, number]), 0, n, s0);
        module.exports.attentionGrad(...(backwardArgs as [number, number, number, number, number, number, number, number]), 0, n, s0);
      }
      return [out, dqkv].map((at, i) => Array.from(new Float32Array(memory.buffer, at, i === 0 ? rows * dim : rows * 3 * dim)));
    };
    const single = runOnce(false);
    expect(runOnce(true)).toEqual(single);
    const want = attentionReference(qkvValues, dOutValues, images, heads, t, d, scale);
    for (const [i, got] of single.entries()) {
      const w = want[i] as Float64Array;
      expect(Math.max(...got.map((x, j) => Math.abs(x - (w[j] as number))))).toBeLessThan(1e-5);
    }
    });
  });
});
