import type * as tf from '@tensorflow/tfjs';
import { attentionScratchFloats } from './simd/attention-wat';
import { simdKernels } from './simd/simd-module';
import { type HeapTensor, type KernelArgs, activeBackendHas, float32Bits, heapBackend, heapOffset, registerWasmKernels } from './wasm-heap';

/**
 * The core of multi-head attention, softmax(scale·q·kᵀ)·v for every (image, head), as one wasm-backend
 * kernel each way (simd/attention-wat.ts): per head two (forward) or four (backward) of our GEMMs on the
 * head's slice of the heap and a softmax (or its gradient) over rows, the heads split between two threads
 * when there are. The kernels read q, k and v inside the qkv projection's output and write the output in the
 * output projection's input layout: as tf ops each head cost ~25 engine ops (splits, reshapes, saves,
 * softmax and their gradients) at ~20–50 µs each, and the head split, the keys' and the merge's transposes
 * and their gradients ~0.2 s of a ViT-T training step.
 */
export const ATTENTION = 'CxrAttention';
export const ATTENTION_GRAD = 'CxrAttentionGrad';
/** out alone, for a forward no backward follows (the probabilities stay in the scratch). */
export const ATTENTION_VALUE = 'CxrAttentionValue';

export interface AttentionAttrs {
  readonly heads: number;
  /** Tokens per image. */
  readonly tokens: number;
  readonly scale: number;
}

/** Runs one of the kernels over all images × heads with scratch for each thread; frees the scratch. */
function overHeads(args: KernelArgs, fn: 'attention' | 'attentionGrad', pointers: readonly number[], rows: number, dim: number): void {
  const backend = heapBackend(args);
  const kernels = simdKernels(backend);
  const { heads, tokens: t, scale } = args.attrs as unknown as AttentionAttrs;
  const d = dim / heads;
  const n = (rows / t) * heads;
  const per = attentionScratchFloats(t, d);
  const scratch = backend.makeOutput([2 * per], 'float32');
  const at = heapOffset(backend, scratch);
  const params = [...pointers, t, d, heads, float32Bits(scale)];
  if (kernels.pool) kernels.pool.overHeads(fn, params, n, [at, at + 4 * per]);
  else (kernels.exports[fn] as (...a: number[]) => void)(...params, 0, n, at);
  backend.disposeData(scratch.dataId);
}

const input = (args: KernelArgs, name: string): HeapTensor => args.inputs[name] as unknown as HeapTensor;

/** qkv [B·T, 3D] → out [B·T, D], and probs [B·heads, T, T] when kept. */
function forward(args: KernelArgs, keep: boolean): tf.TensorInfo[] {
  const backend = heapBackend(args);
  const qkv = input(args, 'qkv');
  const { heads, tokens } = args.attrs as unknown as AttentionAttrs;
  const [rows = 0, width = 0] = qkv.shape;
  const out = backend.makeOutput([rows, width / 3], 'float32');
  const probs = keep ? backend.makeOutput([(rows / tokens) * heads, tokens, tokens], 'float32') : null;
  overHeads(args, 'attention', [heapOffset(backend, qkv), heapOffset(backend, out), probs ? heapOffset(backend, probs) : 0], rows, width / 3);
  return (probs ? [out, probs] : [out]) as unknown as tf.TensorInfo[];
}

/** dOut [B·T, D], probs, qkv → dqkv [B·T, 3D]. */
function backward(args: KernelArgs): tf.TensorInfo {
  const backend = heapBackend(args);
  const [dOut, probs, qkv] = ['dOut', 'probs', 'qkv'].map((name) => input(args, name)) as [HeapTensor, HeapTensor, HeapTensor];
  const [rows = 0, width = 0] = qkv.shape;
  const dqkv = backend.makeOutput([rows, width], 'float32');
  overHeads(args, 'attentionGrad', [dOut, probs, qkv, dqkv].map((x) => heapOffset(backend, x)), rows, width / 3);
  return dqkv as unknown as tf.TensorInfo;
}

/** Registers both kernels for the wasm backend (idempotent). */
export const installWasmAttention = (): void =>
  registerWasmKernels({ [ATTENTION]: (args) => forward(args, true), [ATTENTION_VALUE]: (args) => forward(args, false)[0] as tf.TensorInfo, [ATTENTION_GRAD]: backward });

/** The fused kernels apply: the active backend has them and a row of scores holds at least one vector. */
export const canFuseAttention = (tokens: number): boolean => tokens >= 4 && activeBackendHas(ATTENTION);
