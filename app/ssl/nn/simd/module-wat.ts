import { ADAMW } from './adamw-wat';
import { attentionFunctions } from './attention-wat';
import { BATCH_NORM_RELU } from './batch-norm-wat';
import { ADD } from './add-wat';
import { EMA } from './ema-wat';
import { geluFunctions } from './gelu-wat';
import { gemmFunctions } from './gemm-wat';
import { LAYER_NORM } from './layer-norm-wat';
import { lossFunctions } from './loss-wat';
import { COLUMN_SUM, ROW_SUM_SQUARES } from './sum-wat';
import { TRANSPOSE } from './transpose-wat';

import type { SimdVariant } from './variant';

/** Our wasm SIMD kernels as one module that imports tfjs's memory, so it works on tensors where they are. */
export function simdModuleWat({ fma, shared }: SimdVariant): string {
  const memory = shared ? '(memory 1 65536 shared)' : '(memory 1)';
  return `(module
  (import "env" "memory" ${memory})
  ${gemmFunctions(fma)}
  ${geluFunctions(fma)}
  ${COLUMN_SUM}
  ${ROW_SUM_SQUARES}
  ${ADAMW}
  ${LAYER_NORM}
  ${BATCH_NORM_RELU}
  ${attentionFunctions(fma)}
  ${TRANSPOSE}
  ${lossFunctions(fma)}
  ${EMA}
  ${ADD})`;
}
