/**
 * AdamW's update and the gradient's L2 norm over the wasm heap, in float64 like the host path
 * (optim/adamw-update.ts) and in the same order of operations, so the updated parameters and moments are
 * bit-identical to it (wasm has no contraction into fused multiply-adds). Two parameters per f64x2, the odd
 * last one in scalar code; 5–10× the speed of the JS loop (~0.29 s of an ACE step at one thread).
 *
 * adamw(p, g, m, v, out, scalars, n): reads p, g; updates the moments m, v in place; writes the new
 * parameters to out; scalars points to seven float64 in the heap: gradScale, beta1, beta2, decay, stepSize,
 * sqrtBc2, eps (in memory, so that a second thread takes the same i32-only call). Elementwise: two threads
 * may take halves. sumSquares(g, n, out) → Σ g² in float64 at out (two lanes of partial sums; two threads
 * may take halves, each into its own out).
 * adamwEma(p, g, m, v, out, t, tOut, scalars, mBits, restBits, n): the same, and the EMA teacher of the new
 * parameters, tOut = t·m + out·(1 − m) in float32 as ema-wat rounds it (bit-identical to that pass): the
 * teacher's update reads the new parameters while they are in registers instead of in a second pass.
 */
type Lanes = 'f64x2' | 'f64';

/** The update of one lane group; p, g, m, v already hold the promoted inputs; leaves m, v, p updated. */
function update(t: Lanes): string {
  const c = (name: string): string => (t === 'f64x2' ? `(f64x2.splat (local.get $${name}))` : `(local.get $${name})`);
  const op = (name: string, ...xs: string[]): string => `(${t}.${name} ${xs.join(' ')})`;
  const l = (name: string): string => `(local.get $${name}_${t === 'f64x2' ? 'v' : 's'})`;
  const set = (name: string, value: string): string => `(local.set $${name}_${t === 'f64x2' ? 'v' : 's'} ${value})`;
  return `${set('g', op('mul', l('g'), c('gradScale')))}
    ${set('m', op('add', op('mul', c('beta1'), l('m')), op('mul', c('oneMinusBeta1'), l('g'))))}
    ${set('v', op('add', op('mul', c('beta2'), l('v')), op('mul', op('mul', c('oneMinusBeta2'), l('g')), l('g'))))}
    ${set('p', op('sub', op('mul', l('p'), c('decay')), op('div', op('mul', c('stepSize'), l('m')), op('add', op('div', op('sqrt', l('v')), c('sqrtBc2')), c('eps')))))}`;
}

/** In this order in the scalars' memory. */
export const ADAMW_SCALARS = ['gradScale', 'beta1', 'beta2', 'decay', 'stepSize', 'sqrtBc2', 'eps'];

/** The EMA of one lane group: tOut = t·m + p32·rest, p32 the new parameters as stored. */
function emaOf(t: Lanes): string {
  if (t === 'f64x2') {
    return `(v128.store64_lane 0 (i32.add (local.get $tOut) (local.get $o)) (f32x4.add
          (f32x4.mul (v128.load64_zero (i32.add (local.get $t) (local.get $o))) (f32x4.splat (local.get $mom)))
          (f32x4.mul (f32x4.demote_f64x2_zero (local.get $p_v)) (f32x4.splat (local.get $rest)))))`;
  }
  return `(f32.store (i32.add (local.get $tOut) (local.get $o)) (f32.add
          (f32.mul (f32.load (i32.add (local.get $t) (local.get $o))) (local.get $mom))
          (f32.mul (f32.demote_f64 (local.get $p_s)) (local.get $rest))))`;
}

const loadScalars = ADAMW_SCALARS.map((_, i) => `(f64.load offset=${8 * i} (local.get $scalars))`).join(' ');

export const ADAMW = `(func (export "adamw") (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $out i32) (param $scalars i32) (param $n i32)
    (call $adamwWith (local.get $p) (local.get $g) (local.get $m) (local.get $v) (local.get $out) (i32.const 0) (i32.const 0) (f32.const 0) (f32.const 0) (local.get $n)
      ${loadScalars}))
  (func (export "adamwEma") (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $out i32) (param $t i32) (param $tOut i32) (param $scalars i32) (param $mBits i32) (param $restBits i32) (param $n i32)
    (call $adamwWith (local.get $p) (local.get $g) (local.get $m) (local.get $v) (local.get $out) (local.get $t) (local.get $tOut)
      (f32.reinterpret_i32 (local.get $mBits)) (f32.reinterpret_i32 (local.get $restBits)) (local.get $n)
      ${loadScalars}))
  (func $adamwWith (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $out i32) (param $t i32) (param $tOut i32) (param $mom f32) (param $rest f32) (param $n i32)
    ${ADAMW_SCALARS.map((s) => `(param $${s} f64)`).join(' ')}
    (local $oneMinusBeta1 f64) (local $oneMinusBeta2 f64) (local $o i32) (local $end i32)
    (local $p_v v128) (local $g_v v128) (local $m_v v128) (local $v_v v128)
    (local $p_s f64) (local $g_s f64) (local $m_s f64) (local $v_s f64)
    (local.set $oneMinusBeta1 (f64.sub (f64.const 1) (local.get $beta1)))
    (local.set $oneMinusBeta2 (f64.sub (f64.const 1) (local.get $beta2)))
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 2)))
    (block $DONE (loop $L
      (br_if $DONE (i32.ge_u (local.get $o) (local.get $end)))
      (local.set $p_v (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $p) (local.get $o)))))
      (local.set $g_v (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $g) (local.get $o)))))
      (local.set $m_v (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $m) (local.get $o)))))
      (local.set $v_v (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $v) (local.get $o)))))
      ${update('f64x2')}
      (v128.store64_lane 0 (i32.add (local.get $m) (local.get $o)) (f32x4.demote_f64x2_zero (local.get $m_v)))
      (v128.store64_lane 0 (i32.add (local.get $v) (local.get $o)) (f32x4.demote_f64x2_zero (local.get $v_v)))
      (v128.store64_lane 0 (i32.add (local.get $out) (local.get $o)) (f32x4.demote_f64x2_zero (local.get $p_v)))
      (if (local.get $t) (then ${emaOf('f64x2')}))
      (local.set $o (i32.add (local.get $o) (i32.const 8)))
      (br $L)))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $p_s (f64.promote_f32 (f32.load (i32.add (local.get $p) (local.get $o)))))
        (local.set $g_s (f64.promote_f32 (f32.load (i32.add (local.get $g) (local.get $o)))))
        (local.set $m_s (f64.promote_f32 (f32.load (i32.add (local.get $m) (local.get $o)))))
        (local.set $v_s (f64.promote_f32 (f32.load (i32.add (local.get $v) (local.get $o)))))
        ${update('f64')}
        (f32.store (i32.add (local.get $m) (local.get $o)) (f32.demote_f64 (local.get $m_s)))
        (f32.store (i32.add (local.get $v) (local.get $o)) (f32.demote_f64 (local.get $v_s)))
        (f32.store (i32.add (local.get $out) (local.get $o)) (f32.demote_f64 (local.get $p_s)))
        (if (local.get $t) (then ${emaOf('f64')})))))
  (func (export "sumSquares") (param $g i32) (param $n i32) (param $out i32)
    (local $o i32) (local $end i32) (local $x v128) (local $sum v128) (local $s f64)
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 2)))
    (block $DONE (loop $L
      (br_if $DONE (i32.ge_u (local.get $o) (local.get $end)))
      (local.set $x (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $g) (local.get $o)))))
      (local.set $sum (f64x2.add (local.get $sum) (f64x2.mul (local.get $x) (local.get $x))))
      (local.set $o (i32.add (local.get $o) (i32.const 8)))
      (br $L)))
    (local.set $s (f64.add (f64x2.extract_lane 0 (local.get $sum)) (f64x2.extract_lane 1 (local.get $sum))))
    (if (i32.and (local.get $n) (i32.const 1))
      (then (local.set $s (f64.add (local.get $s) (f64.mul
        (f64.promote_f32 (f32.load (i32.add (local.get $g) (local.get $o))))
        (f64.promote_f32 (f32.load (i32.add (local.get $g) (local.get $o)))))))))
    (f64.store (local.get $out) (local.get $s)))`;
