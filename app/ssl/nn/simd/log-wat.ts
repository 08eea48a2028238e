import { f32x4, horner, multiplyAdd } from './wat';

/**
 * log(1 + e) on f32x4 for e in [0, 1] (the softplus term log1p(e^−|z|) of a stable BCE), from Cephes' logf:
 * u = 1 + e as m·2^j with m in [√½, √2) and j in {0, 1}, log m = x − x²/2 + x³·P(x) with x = m − 1, within
 * ~1 ulp. The rounding of 1 + e is undone by the factor e / (u − 1) (Goldberg's log1p); where u rounds to 1,
 * log1p(e) = e. The expression reads local $e and uses v128 locals $u, $big, $x and $x2.
 */
const LOG_POLYNOMIAL = [7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1];
/** ln 2 split in two so that j·LN2_HI is exact (Cephes). */
const LN2_HI = 0.693359375;
const LN2_LO = -2.12194440e-4;

export function log1pUnit(fma: boolean): string {
  const get = (name: string): string => `(local.get $${name})`;
  // j·c for j in {0, 1}: the mask of u ≥ √2 selects c or 0.
  const ifBig = (c: number): string => `(v128.and ${get('big')} ${f32x4(c)})`;
  return `(local.set $u (f32x4.add ${get('e')} ${f32x4(1)}))
    (local.set $big (f32x4.ge ${get('u')} ${f32x4(Math.SQRT2)}))
    (local.set $x (f32x4.sub (v128.bitselect (f32x4.mul ${get('u')} ${f32x4(0.5)}) ${get('u')} ${get('big')}) ${f32x4(1)}))
    (local.set $x2 (f32x4.mul ${get('x')} ${get('x')}))
    (v128.bitselect
      ${get('e')}
      (f32x4.div
        (f32x4.mul ${get('e')} (f32x4.add
          (f32x4.add ${get('x')} ${multiplyAdd(fma, get('x2'), f32x4(-0.5), multiplyAdd(fma, `(f32x4.mul ${get('x')} ${get('x2')})`, horner(fma, get('x'), LOG_POLYNOMIAL), ifBig(LN2_LO)))})
          ${ifBig(LN2_HI)}))
        (f32x4.sub ${get('u')} ${f32x4(1)}))
      (f32x4.eq ${get('u')} ${f32x4(1)}))`;
}
