import { f32x4, horner, multiplyAdd } from './wat';

/**
 * e^u on f32x4 for u ≤ 0 (GELU's φ, softmax's e^(x − max)): Cephes' expf, 2^k·e^r with |r| ≤ ½ln2 and a
 * degree-6 polynomial, within ~1 ulp. u is clamped at −87 (e^−87 ≈ 1.6e−38), which keeps 2^k a normal float.
 * The expression reads local $u (clamped in place) and uses v128 locals $k and $r, named by the caller.
 */
const EXP_POLYNOMIAL = [1.98756915e-4, 1.39819995e-3, 8.33345191e-3, 4.16657959e-2, 1.66666655e-1, 5.00000012e-1];
const LOG2E = 1.44269504088896341;
/** ln 2 split in two so that k·LN2_HI is exact (Cephes). */
const LN2_HI = 0.693359375;
const LN2_LO = -2.1219444e-4;

export function expNonPositive(fma: boolean, u: string, k: string, r: string): string {
  const get = (name: string): string => `(local.get $${name})`;
  return `(local.set $${u} (f32x4.max ${get(u)} ${f32x4(-87)}))
    (local.set $${k} (f32x4.nearest (f32x4.mul ${get(u)} ${f32x4(LOG2E)})))
    (local.set $${r} (f32x4.sub (f32x4.sub ${get(u)} (f32x4.mul ${get(k)} ${f32x4(LN2_HI)})) (f32x4.mul ${get(k)} ${f32x4(LN2_LO)})))
    (f32x4.mul
      ${multiplyAdd(fma, `(f32x4.mul ${horner(fma, get(r), EXP_POLYNOMIAL)} ${get(r)})`, get(r), `(f32x4.add ${get(r)} ${f32x4(1)})`)}
      (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s ${get(k)}) (i32x4.splat (i32.const 127))) (i32.const 23)))`;
}
