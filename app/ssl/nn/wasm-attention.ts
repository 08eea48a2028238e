import type * as tf from '@tensorflow/tfjs';
import { attentionScratchFloats } from './simd/attention-wat';
import { simdKernels } from './simd/simd-module';
import { type HeapTensor, type KernelArgs, activeBackendHas, heapBackend, heapOffset, registerWasmKernels } from './wasm-heap';

/**
 * The core of multi-head attention, softmax(q·kT)·v for every (image, head), as one wasm-backend kernel each
 * way (simd/attention-wat.ts): per head two (forward) or four (backward) of our GEMMs on the head's slice of
 * the heap and a softmax (or its gradient) over rows, the heads split between two threads when there are. As
 * tf ops each head cost ~25 engine ops (splits, reshapes, saves, softmax and their gradients) at ~20–50 µs
 * each, and the operands' transposes.
 */
export const ATTENTION = 'CxrAttention';
export const ATTENTION_GRAD = 'CxrAttentionGrad';

const tensors = (args: KernelArgs, names: readonly string[]): HeapTensor[] => names.map((n) => args.inputs[n] as unknown as HeapTensor);

/** Runs one of the kernels over all N heads with scratch for each thread; frees the scratch. */
function overHeads(args: KernelArgs, fn: 'attention' | 'attentionGrad', pointers: readonly number[], n: number, t: number, d: number): void {
  const backend = heapBackend(args);
  const kernels = simdKernels(backend);
  const per = attentionScratchFloats(t, d);
  const scratch = backend.makeOutput([2 * per], 'float32');
  const at = heapOffset(backend, scratch);
  if (kernels.pool) kernels.pool.overHeads(fn, [...pointers, t, d], n, [at, at + 4 * per]);
  else (kernels.exports[fn] as (...a: number[]) => void)(...pointers, t, d, 0, n, at);
  backend.disposeData(scratch.dataId);
}

/** q [N, T, d] (already scaled), kT [N, d, T], v [N, T, d] → out [N, T, d], probs [N, T, T]. */
function forward(args: KernelArgs): tf.TensorInfo[] {
  const backend = heapBackend(args);
  const [q, kT, v] = tensors(args, ['q', 'kT', 'v']) as [HeapTensor, HeapTensor, HeapTensor];
  const [n = 0, t = 0, d = 0] = q.shape;
  const out = backend.makeOutput([n, t, d], 'float32');
  const probs = backend.makeOutput([n, t, t], 'float32');
  overHeads(args, 'attention', [q, kT, v, out, probs].map((x) => heapOffset(backend, x)), n, t, d);
  return [out, probs] as unknown as tf.TensorInfo[];
}

/**
 * dOut [N, T, d], probs [N, T, T], q [N, T, d], kT [N, d, T], v [N, T, d] → dq [N, T, d], dkT [N, d, T], dv [N, T, d]:
 * dP = dOut·vᵀ, dS = P ⊙ (dP − rowsum(dP ⊙ P)), dq = dS·k, dkT = qᵀ·dS, dv = Pᵀ·dOut.
 */
function backward(args: KernelArgs): tf.TensorInfo[] {
  const backend = heapBackend(args);
  const inputs = tensors(args, ['dOut', 'probs', 'q', 'kT', 'v']);
  const [n = 0, t = 0, d = 0] = inputs[0]?.shape ?? [];
  const dq = backend.makeOutput([n, t, d], 'float32');
  const dkT = backend.makeOutput([n, d, t], 'float32');
  const dv = backend.makeOutput([n, t, d], 'float32');
  overHeads(args, 'attentionGrad', [...inputs, dq, dkT, dv].map((x) => heapOffset(backend, x)), n, t, d);
  return [dq, dkT, dv] as unknown as tf.TensorInfo[];
}

/** Registers both kernels for the wasm backend (idempotent). */
export const installWasmAttention = (): void => registerWasmKernels({ [ATTENTION]: forward, [ATTENTION_GRAD]: backward });

/** The fused kernels apply: the active backend has them and a row of scores holds at least one vector. */
export const canFuseAttention = (tokens: number): boolean => tokens >= 4 && activeBackendHas(ATTENTION);
