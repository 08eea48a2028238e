import { expNonPositive } from './exp-wat';
import { at, f32x4, horner, multiplyAdd, overFloats } from './wat';

/**
 * Exact-erf GELU on f32x4, forward and backward, for the wasm heap. As tf ops one GELU of a ViT-T MLP
 * ([788,768]) costs an Erf at ~75 M elements/s (tfjs-wasm-notes §6), and its backward an Exp, plus six
 * full-size multiplies and adds: ~0.7 s of an 8-pair ACE step at one thread. Here each is one pass.
 *
 *  - erf: the rational approximation Eigen and XLA use for float32 (odd numerator of degree 13 over an even
 *    denominator of degree 8 on x clamped to [−4, 4], where erf is ±1 in float32); within ~2 ulp.
 *  - exp (for φ in the backward): exp-wat.ts, on −x²/2.
 *
 * Φ = ½(1 + erf(x/√2)) is written by the forward and read by the backward, so erf runs once per element:
 * forward y = x·Φ, backward dx = dy·(Φ + x·φ(x)), φ(x) = e^(−x²/2)/√(2π). Each export runs over n floats, four
 * at a time; a ragged end (n ≥ 4) is done as the last four, recomputing up to three values identically.
 */
const ERF_NUMERATOR = [-2.72614225801306e-10, 2.77068142495902e-8, -2.10102402082508e-6, -5.69250639462346e-5, -7.34990630326855e-4, -2.95459980854025e-3, -1.60960333262415e-2];
const ERF_DENOMINATOR = [-1.45660718464996e-5, -2.13374055278905e-4, -1.68282697438203e-3, -7.37332916720468e-3, -1.42647390514189e-2];

const local = (name: string): string => `(local.get $${name})`;

/** Φ(x) = ½(1 + erf(x/√2)) for x in $x; uses $t and $t2. */
const cdf = (fma: boolean): string => `(f32x4.add ${f32x4(0.5)} (f32x4.mul ${f32x4(0.5)} ${erf(fma)}))`;

/** erf(t) for t = x/√2 held in $t; uses $t2. */
function erf(fma: boolean): string {
  return `(local.set $t (f32x4.min (f32x4.max (f32x4.mul ${local('x')} ${f32x4(Math.SQRT1_2)}) ${f32x4(-4)}) ${f32x4(4)}))
    (local.set $t2 (f32x4.mul ${local('t')} ${local('t')}))
    (f32x4.div (f32x4.mul ${local('t')} ${horner(fma, local('t2'), ERF_NUMERATOR)}) ${horner(fma, local('t2'), ERF_DENOMINATOR)})`;
}

export function geluFunctions(fma: boolean): string {
  const forward = overFloats('gelu', ['xs', 'ys', 'cdfs'], '(local $x v128) (local $t v128) (local $t2 v128) (local $cdf v128)', `(local.set $x (v128.load ${at('xs')}))
    (local.set $cdf ${cdf(fma)})
    (v128.store ${at('cdfs')} (local.get $cdf))
    (v128.store ${at('ys')} (f32x4.mul (local.get $x) (local.get $cdf)))`);
  // Without a backward to come (a teacher's forward) Φ is not kept: one full-size write fewer.
  const value = overFloats('geluValue', ['xs', 'ys'], '(local $x v128) (local $t v128) (local $t2 v128)', `(local.set $x (v128.load ${at('xs')}))
    (v128.store ${at('ys')} (f32x4.mul (local.get $x) ${cdf(fma)}))`);
  const backward = overFloats('geluGrad', ['dys', 'xs', 'cdfs', 'dxs'], '(local $x v128) (local $u v128) (local $k v128) (local $r v128)', `(local.set $x (v128.load ${at('xs')}))
    (local.set $u (f32x4.mul (f32x4.mul (local.get $x) (local.get $x)) ${f32x4(-0.5)}))
    (v128.store ${at('dxs')} (f32x4.mul (v128.load ${at('dys')})
      ${multiplyAdd(fma, '(local.get $x)', `(f32x4.mul ${expNonPositive(fma, 'u', 'k', 'r')} ${f32x4(1 / Math.sqrt(2 * Math.PI))})`, `(v128.load ${at('cdfs')})`)}))`);
  return `${forward}
  ${value}
  ${backward}`;
}
