import * as tf from '@tensorflow/tfjs';
import { type HeapBackend, type HeapTensor, type KernelArgs, activeBackendHas, floats, heapBackend, registerWasmKernels } from './wasm-heap';

/**
 * The core of multi-head attention, softmax(q·kᵀ)·v for every (image, head), as one wasm-backend kernel each
 * way. On wasm only a plain 2-D matmul is fast (tfjs-wasm-notes §3), so the work is one matmul per head either
 * way; as tf ops each head also cost ~25 engine ops (splits, reshapes, saves, softmax and their gradients) at
 * ~20–50 µs each, ~0.5 s of an 8-pair ViT-T step. Here the heads loop inside the kernel and call the wasm
 * matmul / softmax / transpose kernels directly; one softmax covers every head.
 */
export const ATTENTION = 'CxrAttention';
export const ATTENTION_GRAD = 'CxrAttentionGrad';

/** The wasm kernels the loop calls, looked up once. */
function wasmKernel(name: string): tf.KernelFunc {
  const k = tf.getKernel(name, 'wasm');
  if (!k) throw new Error(`wasm kernel ${name} is not registered`);
  return k.kernelFunc;
}

/** Per-head pieces of [N, r, c] tensors, and calls of the backend's own kernels on them. */
class Heads {
  private readonly matMulKernel = wasmKernel('BatchMatMul');
  private readonly transposeKernel = wasmKernel('Transpose');

  constructor(private readonly backend: HeapBackend) {}

  /** A copy of head i of x [N, r, c] as its own [r, c] tensor. */
  piece(x: HeapTensor, i: number): HeapTensor {
    const [, r = 0, c = 0] = x.shape;
    const out = this.backend.makeOutput([r, c], 'float32');
    floats(this.backend, out).set(floats(this.backend, x).subarray(i * r * c, (i + 1) * r * c));
    return out;
  }

  /** Writes t [r, c] into head i of dst [N, r, c] and frees t. */
  put(dst: HeapTensor, i: number, t: HeapTensor): void {
    const size = t.shape.reduce((a, s) => a * s, 1);
    floats(this.backend, dst).set(floats(this.backend, t).subarray(0, size), i * size);
    this.free(t);
  }

  /** a·b, both plain 2-D; frees the inputs. */
  matMul(a: HeapTensor, b: HeapTensor): HeapTensor {
    const out = this.matMulKernel({ inputs: { a, b } as unknown as tf.NamedTensorInfoMap, attrs: { transposeA: false, transposeB: false }, backend: this.backend as unknown as tf.KernelBackend }) as unknown as HeapTensor;
    this.free(a, b);
    return out;
  }

  /** xᵀ of a 2-D tensor; frees x. */
  transpose(x: HeapTensor): HeapTensor {
    const out = this.transposeKernel({ inputs: { x } as unknown as tf.NamedTensorInfoMap, attrs: { perm: [1, 0] }, backend: this.backend as unknown as tf.KernelBackend }) as unknown as HeapTensor;
    this.free(x);
    return out;
  }

  free(...ts: HeapTensor[]): void {
    for (const t of ts) this.backend.disposeData(t.dataId);
  }
}

/** q [N, T, d] (already scaled), kT [N, d, T], v [N, T, d] → out [N, T, d], probs [N, T, T]. */
function forward(args: KernelArgs): tf.TensorInfo[] {
  const backend = heapBackend(args);
  const { q, kT, v } = args.inputs as unknown as Record<'q' | 'kT' | 'v', HeapTensor>;
  const [n = 0, t = 0, d = 0] = q.shape;
  const heads = new Heads(backend);
  const scores = backend.makeOutput([n, t, t], 'float32');
  for (let i = 0; i < n; i++) heads.put(scores, i, heads.matMul(heads.piece(q, i), heads.piece(kT, i)));
  const probs = wasmKernel('Softmax')({ inputs: { logits: scores } as unknown as tf.NamedTensorInfoMap, attrs: { dim: 2 }, backend: args.backend }) as unknown as HeapTensor;
  heads.free(scores);
  const out = backend.makeOutput([n, t, d], 'float32');
  for (let i = 0; i < n; i++) heads.put(out, i, heads.matMul(heads.piece(probs, i), heads.piece(v, i)));
  return [out, probs] as unknown as tf.TensorInfo[];
}

/**
 * dOut [N, T, d], probs [N, T, T], qT [N, d, T], k [N, T, d], vT [N, d, T] → dq [N, T, d], dkT [N, d, T], dv [N, T, d]:
 * dP = dOut·vᵀ, dS = P ⊙ (dP − rowsum(dP ⊙ P)), dq = dS·k, dkT = qᵀ·dS, dv = Pᵀ·dOut.
 */
function backward(args: KernelArgs): tf.TensorInfo[] {
  const backend = heapBackend(args);
  const { dOut, probs, qT, k, vT } = args.inputs as unknown as Record<'dOut' | 'probs' | 'qT' | 'k' | 'vT', HeapTensor>;
  const [n = 0, t = 0, d = 0] = dOut.shape;
  const heads = new Heads(backend);
  const dS = backend.makeOutput([n, t, t], 'float32');
  for (let i = 0; i < n; i++) heads.put(dS, i, heads.matMul(heads.piece(dOut, i), heads.piece(vT, i)));
  const dq = backend.makeOutput([n, t, d], 'float32');
  const dkT = backend.makeOutput([n, d, t], 'float32');
  const dv = backend.makeOutput([n, t, d], 'float32');
  // Views only after the last allocation above: allocation may grow (and detach) the heap.
  const p = floats(backend, probs);
  const g = floats(backend, dS);
  for (let row = 0; row < n * t; row++) {
    const o = row * t;
    let dot = 0;
    for (let j = 0; j < t; j++) dot += (g[o + j] as number) * (p[o + j] as number);
    for (let j = 0; j < t; j++) g[o + j] = (p[o + j] as number) * ((g[o + j] as number) - dot);
  }
  for (let i = 0; i < n; i++) {
    heads.put(dq, i, heads.matMul(heads.piece(dS, i), heads.piece(k, i)));
    heads.put(dkT, i, heads.matMul(heads.piece(qT, i), heads.piece(dS, i)));
    heads.put(dv, i, heads.matMul(heads.transpose(heads.piece(probs, i)), heads.piece(dOut, i)));
  }
  heads.free(dS);
  return [dq, dkT, dv] as unknown as tf.TensorInfo[];
}

/** Registers both kernels for the wasm backend (idempotent). */
export const installWasmAttention = (): void => registerWasmKernels({ [ATTENTION]: forward, [ATTENTION_GRAD]: backward });

export const hasFusedAttention = (): boolean => activeBackendHas(ATTENTION);
