import * as tf from '@tensorflow/tfjs';
import { runElementwise, runHalves, simdKernels } from './simd/simd-module';
import { type HeapTensor, type KernelArgs, activeBackendHas, float32Bits, floats, heapBackend, heapOffset, registerWasmKernels } from './wasm-heap';

/**
 * ACE's two loss kernels for the wasm backend (simd/loss-wat.ts): each returns the loss and its gradient,
 * which is closed-form, from one kernel; the ops in losses/ wrap them with a backward that scales the
 * gradient by dy.
 */
export const ALPHA_BCE = 'CxrAlphaBce';
export const DINO_CROSS_VIEW = 'CxrDinoCrossView';

export interface AlphaBceAttrs {
  /** Logits are scale·x. */
  readonly scale: number;
  readonly alpha: number;
}

/** x, target → per-element α-balanced BCE of scale·x divided by the count (sums to the mean), d mean / dx. */
function alphaBce(args: KernelArgs): tf.TensorInfo[] {
  const backend = heapBackend(args);
  const { x, target } = args.inputs as unknown as Record<'x' | 'target', HeapTensor>;
  const { scale, alpha } = args.attrs as unknown as AlphaBceAttrs;
  const n = tf.util.sizeFromShape(x.shape);
  const loss = backend.makeOutput(x.shape, 'float32');
  const grad = backend.makeOutput(x.shape, 'float32');
  const scalars = [scale, 1 - alpha, 2 * alpha - 1, 1 / n, scale / n].map(float32Bits);
  runElementwise(simdKernels(backend), 'alphaBce', [x, target, loss, grad].map((t) => heapOffset(backend, t)), n, scalars);
  return [loss, grad] as unknown as tf.TensorInfo[];
}

export interface DinoCrossViewAttrs {
  /** Row blocks of the logits; the first two (B rows each) are the paired views. */
  readonly blocks: number;
  readonly studentTemp: number;
  readonly teacherTemp: number;
}

/**
 * student, teacher logits [blocks·B, K], centre [K] → ½[CE(Pt[1], Q[0]) + CE(Pt[0], Q[1])] averaged over
 * the 2B paired rows, and its gradient in the student logits (zero on the unpaired blocks). The two blocks
 * run on two threads.
 */
function dinoCrossView(args: KernelArgs): tf.TensorInfo[] {
  const backend = heapBackend(args);
  const { student, teacher, center } = args.inputs as unknown as Record<'student' | 'teacher' | 'center', HeapTensor>;
  const { blocks, studentTemp, teacherTemp } = args.attrs as unknown as DinoCrossViewAttrs;
  const [rows = 0, width = 0] = student.shape;
  const b = rows / blocks;
  const paired = 2 * b;
  const loss = backend.makeOutput([], 'float32');
  const grad = backend.makeOutput(student.shape, 'float32');
  const part = backend.makeOutput([paired, 3], 'float32');
  const [s, t, c, g, p] = [student, teacher, center, grad, part].map((x) => heapOffset(backend, x)) as [number, number, number, number, number];
  const scalars = [1 / studentTemp, 1 / teacherTemp, 1 / (paired * studentTemp)].map(float32Bits);
  const block = 4 * b * width;
  const first = [s, t + block, c, g, p, b, width, ...scalars];
  const second = [s + block, t, c, g + block, p + 12 * b, b, width, ...scalars];
  runHalves(simdKernels(backend), 'dinoRows', first, second);
  floats(backend, grad).fill(0, paired * width);
  const sums = floats(backend, part);
  let total = 0;
  for (let r = 0; r < paired; r++) total += (sums[3 * r + 1] as number) * Math.log(sums[3 * r + 2] as number) - (sums[3 * r] as number);
  floats(backend, loss)[0] = total / paired;
  backend.disposeData(part.dataId);
  return [loss, grad] as unknown as tf.TensorInfo[];
}

export const installWasmLosses = (): void => registerWasmKernels({ [ALPHA_BCE]: alphaBce, [DINO_CROSS_VIEW]: dinoCrossView });

/** The fused α-balanced BCE applies: wasm with it installed, float32 operands of at least one vector of 4. */
export const canFuseAlphaBce = (x: tf.Tensor): boolean => x.dtype === 'float32' && x.size >= 4 && activeBackendHas(ALPHA_BCE);

/** The fused DINO loss applies: wasm with it installed, float32 logits whose width is whole vectors of 4. */
export const canFuseDinoCrossView = (student: tf.Tensor): boolean => student.dtype === 'float32' && student.rank === 2 && (student.shape[1] ?? 0) % 4 === 0 && activeBackendHas(DINO_CROSS_VIEW);
