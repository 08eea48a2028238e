/** Which build of our SIMD module: the generator makes all four, the app picks one at run time. */
export interface SimdVariant {
  /** f32x4.relaxed_madd instead of a multiply and an add (a fused or unfused multiply-add, per machine). */
  readonly fma: boolean;
  /** Imports a shared memory (tfjs's threaded build) instead of a plain one. */
  readonly shared: boolean;
}

/** The key of a variant in simd-wasm.generated.ts. */
export const variantKey = ({ fma, shared }: SimdVariant): string => `${fma ? 'fma' : 'simd'}-${shared ? 'shared' : 'plain'}`;
