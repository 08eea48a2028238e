import { Worker } from 'node:worker_threads';
import { type StartScale, gemmClaimAt, scaleCode } from './gemm-wat';
import type { Elementwise, SimdExports } from './simd-module';

/**
 * A second thread for our kernels when tfjs runs its threaded build: tfjs's own threads serve only XNNPACK,
 * so our products and elementwise passes are split here, half on the calling thread and half on a worker
 * that instantiated the same module against the same shared heap. The hand-off goes through Atomics (a poll,
 * else a futex wake), small next to the work split (≥ SPLIT_MIN_FLOPS, ≥ SPLIT_MIN_FLOATS). The worker is
 * unref'd: it never keeps a process alive.
 */
const SEQ = 0;
const DONE = 1;
/** Non-zero after the worker's half threw: the length of its message (UTF-8, in the message buffer). */
const FAILED = 2;
/** Set by the worker as it exits (it never should): from then on both halves run on the calling thread. */
const GONE = 3;
const CALL = 4;
const MAX_ARGS = 19;
const MESSAGE_BYTES = 2048;
/** Fewer heads than this run on the calling thread alone (nothing to split). */
const SPLIT_MIN_HEADS = 2;
const SPLIT_MIN_FLOPS = 1 << 20;
const SPLIT_MIN_FLOATS = 1 << 15;
const ROW_SPLIT_MIN = 64;
/**
 * Both threads poll this long before sleeping on the futex: waking a sleeping thread costs ~60–80 µs on these
 * VMs, as much as splitting a [788,192] transpose saves, and a step's split calls come well within this gap.
 */
const SPIN_MS = 0.5;

/** Exports the worker may run, by index; all take i32 arguments only. */
const SPLITTABLE = ['gemm', 'pack', 'gelu', 'geluValue', 'geluGrad', 'ema', 'adamw', 'adamwEma', 'attention', 'attentionGrad', 'transpose2d', 'layerNorm', 'alphaBce', 'dinoRows', 'sumSquares', 'batchNormRelu', 'batchNormReluGrad', 'add', 'rowSumSquares', 'adamwEmaRows'] as const;
export type Splittable = (typeof SPLITTABLE)[number];

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { exports } = new WebAssembly.Instance(workerData.module, { env: { memory: workerData.memory } });
const functions = ${JSON.stringify(SPLITTABLE)}.map((name) => exports[name]);
const control = new Int32Array(workerData.control);
const message = new Uint8Array(workerData.message);
process.on('exit', () => {
  Atomics.store(control, ${GONE}, 1);
  // A DONE no call has: a caller between its GONE check and its wait cannot sleep through this wake-up.
  Atomics.store(control, ${DONE}, -1);
  Atomics.notify(control, ${DONE});
});
let seen = 0;
for (;;) {
  const until = performance.now() + ${SPIN_MS};
  while (Atomics.load(control, ${SEQ}) === seen && performance.now() < until);
  Atomics.wait(control, ${SEQ}, seen);
  seen = Atomics.load(control, ${SEQ});
  if (seen < 0) break;
  try {
    functions[control[${CALL}]](...control.subarray(${CALL + 2}, ${CALL + 2} + control[${CALL + 1}]));
  } catch (err) {
    const text = new TextEncoder().encode(String((err && err.stack) || err)).subarray(0, ${MESSAGE_BYTES});
    message.set(text);
    control[${FAILED}] = text.length;
  }
  Atomics.store(control, ${DONE}, seen);
  Atomics.notify(control, ${DONE});
}`;

/**
 * Flags of other threads of this process that do bursts of host work (the batch worker making the next
 * step's crops, ~65 ms a step), each non-zero while its thread works. On two cores a third busy thread makes
 * the OS preempt one half of a split kernel and the other half waits for it: that cost the step 1–2× the
 * worker's CPU time. While any is set, both halves of a split run on the calling thread, and the worker
 * thread leaves its core to the host work.
 */
const hostWork = new Set<Int32Array>();

/** A flag for a thread's host work (see hostWork), and its removal, for when that thread ends mid-work. */
export function hostWorkFlag(): { readonly flag: Int32Array; readonly remove: () => void } {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  hostWork.add(flag);
  return { flag, remove: () => hostWork.delete(flag) };
}

function hostBusy(): boolean {
  for (const flag of hostWork) if (Atomics.load(flag, 0) !== 0) return true;
  return false;
}

export interface GemmCall {
  readonly a: number;
  /** A's strides in bytes (see SimdExports.gemm). */
  readonly rowStride: number;
  readonly kStride: number;
  readonly b: number;
  /** B's strides in bytes (see SimdExports.gemm). */
  readonly bRowStride: number;
  readonly panelStride: number;
  readonly c: number;
  /** C's row stride in bytes. */
  readonly cRowStride: number;
  readonly m: number;
  readonly k: number;
  readonly n: number;
  /** Two scratch areas of GEMM_SCRATCH_BYTES, one per thread. */
  readonly tiles: readonly [number, number];
  /** 0, or a bias row padded to whole panels (see SimdExports.gemm); with scale 'rows', m row factors. */
  readonly bias: number;
  /** 0, or a matrix laid out as C added to it. */
  readonly start: number;
  /** The bias scales the start's columns or rows instead of adding to C (C = start ⊙ bias + A·B). */
  readonly scale?: StartScale;
  /** k in chunks of this many (see SimdExports.gemm); whole when absent. */
  readonly kChunk?: number;
}

/** Heap offsets of a LayerNorm's operands (see layer-norm-wat). */
export interface LayerNormPointers {
  readonly x: number;
  readonly w: number;
  readonly b: number;
  readonly y: number;
  readonly xhat: number;
  readonly rstd: number;
}

/**
 * The worker catches what its half throws (a wasm trap, say) and hands the message back with its DONE, and says
 * so if it exits: a worker that died silently would leave this thread waiting for it forever, a training run
 * hung with no error.
 */
export class SimdPool {
  private readonly control = new Int32Array(new SharedArrayBuffer(4 * (CALL + 2 + MAX_ARGS)));
  private readonly message = new Uint8Array(new SharedArrayBuffer(MESSAGE_BYTES));
  private readonly worker: Worker;
  private seq = 0;
  /** The split in flight: the worker's half, run on this thread instead when `inline` (see hostWork). */
  private current: { fn: Splittable; args: readonly number[]; inline: boolean } | null = null;

  constructor(
    private readonly simd: SimdExports,
    module: WebAssembly.Module,
    private readonly memory: WebAssembly.Memory,
  ) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory, control: this.control.buffer, message: this.message.buffer } });
    this.worker.unref();
  }

  /**
   * C = A·B, split by rows (both threads take blocks of rows from a shared counter until none is left) or, when
   * A has few rows, by column panels, between this thread and the worker.
   */
  gemm({ a, rowStride: rs, kStride: ks, b, bRowStride: bks, panelStride: bps, c, cRowStride: ldc, m, k, n, tiles, bias, start, scale, kChunk = 0 }: GemmCall): void {
    const panels = Math.ceil(n / 8);
    const scaled = scaleCode(scale);
    if (2 * m * k * n < SPLIT_MIN_FLOPS || (m < ROW_SPLIT_MIN && panels < 2)) {
      this.simd.gemm(a, rs, ks, b, bks, bps, c, ldc, m, k, n, 0, panels, tiles[0], bias, start, scaled, kChunk);
      return;
    }
    if (m >= ROW_SPLIT_MIN) {
      const claim = gemmClaimAt(tiles[0]);
      // Published to the worker by the post's Atomics.store.
      new Int32Array(this.memory.buffer)[claim >> 2] = 0;
      // Both threads make the same call, each with its own scratch.
      const call = (tile: number) => [a, rs, ks, b, bks, bps, c, ldc, m, k, n, 0, panels, tile, bias, start, scaled, kChunk, claim] as const;
      this.split('gemm', call(tiles[1]), () => this.simd.gemm(...call(tiles[0])));
    } else {
      const half = panels >> 1;
      this.split('gemm', [a, rs, ks, b, bks, bps, c, ldc, m, k, n, half, panels, tiles[1], bias, start, scaled, kChunk], () =>
        this.simd.gemm(a, rs, ks, b, bks, bps, c, ldc, m, k, n, 0, half, tiles[0], bias, start, scaled, kChunk),
      );
    }
  }

  /** Packs B into panels (see SimdExports.pack): the first half of the panels here, the rest on the worker. */
  pack(b: number, k: number, n: number, rowStride: number, colStride: number, dst: number): void {
    const half = Math.ceil(n / 8) >> 1;
    if (k * n < SPLIT_MIN_FLOATS || half === 0) {
      this.simd.pack(b, k, n, rowStride, colStride, dst);
      return;
    }
    this.split('pack', [b + 8 * half * colStride, k, n - 8 * half, rowStride, colStride, dst + 32 * half * k], () => this.simd.pack(b, k, 8 * half, rowStride, colStride, dst));
  }

  /**
   * An elementwise pass over n floats whose arguments are the heap offsets of its arrays, then i32 scalars,
   * then n: the first half (a multiple of 4 floats) here, the rest on the worker.
   */
  elementwise(fn: Elementwise, arrays: readonly number[], n: number, scalars: readonly number[] = []): void {
    const run = this.simd[fn] as (...args: number[]) => void;
    if (n < SPLIT_MIN_FLOATS) {
      run(...arrays, ...scalars, n);
      return;
    }
    const half = Math.floor(n / 8) * 4;
    this.split(fn, [...arrays.map((at) => at + 4 * half), ...scalars, n - half], () => run(...arrays, ...scalars, half));
  }

  /** A [rows, cols] transpose: source columns [0, half) here, the rest (half a multiple of 4) on the worker. */
  transpose2d(src: number, rows: number, cols: number, dst: number): void {
    if (rows * cols < SPLIT_MIN_FLOATS || cols < 8) {
      this.simd.transpose2d(src, rows, cols, dst, 0, cols);
      return;
    }
    const half = Math.floor(cols / 8) * 4;
    this.split('transpose2d', [src, rows, cols, dst, half, cols], () => this.simd.transpose2d(src, rows, cols, dst, 0, half));
  }

  /** LayerNorm over rows of d floats: the first half of the rows here, the rest on the worker. */
  layerNorm({ x, w, b, y, xhat, rstd }: LayerNormPointers, rows: number, d: number, epsBits: number): void {
    if (rows * d < SPLIT_MIN_FLOATS || rows < 2) {
      this.simd.layerNorm(x, w, b, y, xhat, rstd, rows, d, epsBits);
      return;
    }
    const half = rows >> 1;
    const skip = 4 * half * d;
    this.split('layerNorm', [x + skip, w, b, y + skip, xhat + skip, rstd + 4 * half, rows - half, d, epsBits], () => this.simd.layerNorm(x, w, b, y, xhat, rstd, half, d, epsBits));
  }

  /** An attention kernel over heads [0, n): the first half here, the rest on the worker, each with its scratch. */
  overHeads(fn: 'attention' | 'attentionGrad', args: readonly number[], n: number, scratch: readonly [number, number]): void {
    const run = this.simd[fn] as (...a: number[]) => void;
    if (n < SPLIT_MIN_HEADS) {
      run(...args, 0, n, scratch[0]);
      return;
    }
    const half = n >> 1;
    this.split(fn, [...args, half, n, scratch[1]], () => run(...args, 0, half, scratch[0]));
  }

  /** Σ x² over n floats in float64: the first half into out here, the rest into out + 8 on the worker. */
  sumSquares(x: number, n: number, out: number): void {
    if (n < SPLIT_MIN_FLOATS) {
      this.simd.sumSquares(x, n, out);
      return;
    }
    const half = Math.floor(n / 8) * 4;
    this.inParallel('sumSquares', [x, half, out], [x + 4 * half, n - half, out + 8]);
  }

  /** Two calls of one export, the first here and the second on the worker (two independent row blocks). */
  inParallel(fn: Splittable, here: readonly number[], there: readonly number[]): void {
    this.split(fn, there, () => (this.simd[fn] as (...a: number[]) => void)(...here));
  }

  close(): void {
    Atomics.store(this.control, SEQ, -1);
    Atomics.notify(this.control, SEQ);
  }

  /**
   * Posts `fn(...args)` to the worker, runs `here` on this thread, and returns when both are done. If either
   * half throws, the other still finishes first (the worker must not be writing the heap while the error
   * unwinds), then the error is thrown.
   */
  private split(fn: Splittable, args: readonly number[], here: () => void): void {
    this.post(fn, args);
    try {
      here();
    } finally {
      this.wait();
    }
  }

  private post(fn: Splittable, args: readonly number[]): void {
    const inline = hostBusy() || Atomics.load(this.control, GONE) !== 0;
    this.current = { fn, args, inline };
    if (inline) return;
    this.control[CALL] = SPLITTABLE.indexOf(fn);
    this.control[CALL + 1] = args.length;
    this.control.set(args, CALL + 2);
    this.seq += 1;
    Atomics.store(this.control, SEQ, this.seq);
    Atomics.notify(this.control, SEQ);
  }

  private wait(): void {
    const current = this.current;
    this.current = null;
    if (current?.inline) {
      (this.simd[current.fn] as (...a: number[]) => void)(...current.args);
      return;
    }
    const until = performance.now() + SPIN_MS;
    while (Atomics.load(this.control, DONE) !== this.seq && performance.now() < until);
    for (;;) {
      const done = Atomics.load(this.control, DONE);
      if (done === this.seq) break;
      if (Atomics.load(this.control, GONE) !== 0) throw new Error(`the second SIMD thread exited during ${current?.fn ?? 'a kernel'}; later kernels run on one thread`);
      Atomics.wait(this.control, DONE, done);
    }
    const failed = Atomics.load(this.control, FAILED);
    if (failed > 0) {
      this.control[FAILED] = 0;
      const text = new TextDecoder().decode(this.message.slice(0, failed));
      throw new Error(`the second SIMD thread failed in ${current?.fn ?? 'a kernel'}(${current?.args.join(', ') ?? ''}): ${text}`);
    }
  }
}
