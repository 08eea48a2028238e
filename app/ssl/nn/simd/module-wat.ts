import { ADAMW } from './adamw-wat';
import { attentionFunctions } from './attention-wat';
import { COLUMN_SUM } from './column-sum-wat';
import { geluFunctions } from './gelu-wat';
import { gemmFunctions } from './gemm-wat';
import { LAYER_NORM } from './layer-norm-wat';
import { TRANSPOSE } from './transpose-wat';

/** Our wasm SIMD kernels as one module that imports tfjs's memory, so it works on tensors where they are. */
export interface SimdVariant {
  /** f32x4.relaxed_madd instead of a multiply and an add (a fused or unfused multiply-add, per machine). */
  readonly fma: boolean;
  /** Imports a shared memory (tfjs's threaded build) instead of a plain one. */
  readonly shared: boolean;
}

export function simdModuleWat({ fma, shared }: SimdVariant): string {
  const memory = shared ? '(memory 1 65536 shared)' : '(memory 1)';
  return `(module
  (import "env" "memory" ${memory})
  ${gemmFunctions(fma)}
  ${geluFunctions(fma)}
  ${COLUMN_SUM}
  ${ADAMW}
  ${LAYER_NORM}
  ${attentionFunctions(fma)}
  ${TRANSPOSE})`;
}
