import v8 from 'node:v8';
import { variantKey } from './gemm-assemble';
import { GEMM_WASM } from './gemm-wasm.generated';

/** The module's exports; pointers are byte offsets into the imported heap (see gemm-wat.ts). */
export interface GemmExports {
  pack(b: number, k: number, n: number, transposed: number, dst: number): void;
  gemm(a: number, packedB: number, c: number, m: number, k: number, n: number, p0: number, p1: number, tile: number): void;
  transpose(src: number, rows: number, cols: number, dst: number): void;
}

export interface GemmModule {
  readonly exports: GemmExports;
  /** Which multiply-add the kernel uses, for reports. */
  readonly kind: 'fma' | 'simd';
  /** The compiled module, for threads that instantiate it against the same shared memory. */
  readonly module: WebAssembly.Module;
}

const binary = (fma: boolean, shared: boolean): Uint8Array<ArrayBuffer> => new Uint8Array(Buffer.from(GEMM_WASM[variantKey({ fma, shared })] ?? '', 'base64'));

let relaxedSimd: boolean | undefined;

/**
 * Relaxed SIMD (the fused multiply-add) is on by default from V8 11.4 (Electron ≥ 25); Node 20 has it behind
 * a flag that V8 still honours when set before the first module using it compiles.
 */
function hasRelaxedSimd(): boolean {
  if (relaxedSimd === undefined) {
    const probe = binary(true, false);
    if (!WebAssembly.validate(probe)) v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
    relaxedSimd = WebAssembly.validate(probe);
  }
  return relaxedSimd;
}

/** Which kernel to use: CXR_WASM_GEMM=simd forces the plain-SIMD one (benchmark comparisons). */
export const wantsFma = (): boolean => process.env.CXR_WASM_GEMM !== 'simd' && hasRelaxedSimd();

export function instantiateGemm(memory: WebAssembly.Memory): GemmModule {
  const fma = wantsFma();
  const module = new WebAssembly.Module(binary(fma, memory.buffer instanceof SharedArrayBuffer));
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return { exports: instance.exports as unknown as GemmExports, kind: fma ? 'fma' : 'simd', module };
}
