/**
 * AdamW's update and the gradient's L2 norm over the wasm heap. The update runs in float32, four parameters
 * per f32x4 and the ragged last ones in scalar code, with the host path's operations in the host path's order
 * (optim/adamw-update.ts rounds each to float32), so the two are bit-identical (wasm has no contraction into
 * fused multiply-adds). PyTorch's AdamW also updates in float32; in float64 the two divisions and the square
 * root per parameter made the loop compute-bound (DINO's 16.8 M-weight layer took ~0.1 s of a step at one
 * thread).
 *
 * adamw(p, g, m, v, out, scalars, n): reads p, g; updates the moments m, v in place; writes the new
 * parameters to out; scalars points to seven float64 in the heap: gradScale, beta1, beta2, decay, stepSize,
 * sqrtBc2, eps (in memory, so that a second thread takes the same i32-only call), each rounded to float32
 * here. Elementwise: two threads may take halves. sumSquares(g, n, out) → Σ g² in float64 at out (two lanes
 * of partial sums; two threads may take halves, each into its own out).
 * adamwEma(p, g, m, v, out, t, tOut, scalars, mBits, restBits, n): the same, and the EMA teacher of the new
 * parameters, tOut = t·m + out·(1 − m) in float32 as ema-wat rounds it (bit-identical to that pass): the
 * teacher's update reads the new parameters while they are in registers instead of in a second pass.
 * adamwEmaRows(p, g, m, v, out, t, tOut, scalars, mBits, restBits, rows, cols, outSq, tOutSq): adamwEma over a
 * [rows, cols] matrix a row at a time, each row's Σ out² and Σ tOut² (as rowSumSquares sums them) written to
 * outSq[r], tOutSq[r] while the row is in L1: the next step's weight norms of DINO's last layer, student and
 * teacher, without two more passes over 64 MB each. Rows are independent: two threads may take halves.
 */
type Lanes = 'f32x4' | 'f32';

/** The update of one lane group; p, g, m, v already hold the inputs; leaves m, v, p updated. */
function update(t: Lanes): string {
  const c = (name: string): string => (t === 'f32x4' ? `(f32x4.splat (local.get $${name}))` : `(local.get $${name})`);
  const op = (name: string, ...xs: string[]): string => `(${t}.${name} ${xs.join(' ')})`;
  const l = (name: string): string => `(local.get $${name}_${t === 'f32x4' ? 'v' : 's'})`;
  const set = (name: string, value: string): string => `(local.set $${name}_${t === 'f32x4' ? 'v' : 's'} ${value})`;
  return `${set('g', op('mul', l('g'), c('gradScale')))}
    ${set('m', op('add', op('mul', c('beta1'), l('m')), op('mul', c('oneMinusBeta1'), l('g'))))}
    ${set('v', op('add', op('mul', c('beta2'), l('v')), op('mul', op('mul', c('oneMinusBeta2'), l('g')), l('g'))))}
    ${set('p', op('sub', op('mul', l('p'), c('decay')), op('div', op('mul', c('stepSize'), l('m')), op('add', op('div', op('sqrt', l('v')), c('sqrtBc2')), c('eps')))))}`;
}

/** In this order in the scalars' memory. */
export const ADAMW_SCALARS = ['gradScale', 'beta1', 'beta2', 'decay', 'stepSize', 'sqrtBc2', 'eps'];

/** The EMA of one lane group: tOut = t·m + p·rest, p the new parameters as stored. */
function emaOf(t: Lanes): string {
  const at = '(i32.add (local.get $t) (local.get $o))';
  const outAt = '(i32.add (local.get $tOut) (local.get $o))';
  if (t === 'f32x4') {
    return `(v128.store ${outAt} (f32x4.add (f32x4.mul (v128.load ${at}) (f32x4.splat (local.get $mom))) (f32x4.mul (local.get $p_v) (f32x4.splat (local.get $rest)))))`;
  }
  return `(f32.store ${outAt} (f32.add (f32.mul (f32.load ${at}) (local.get $mom)) (f32.mul (local.get $p_s) (local.get $rest))))`;
}

const loadScalars = ADAMW_SCALARS.map((_, i) => `(f32.demote_f64 (f64.load offset=${8 * i} (local.get $scalars)))`).join(' ');
const oneMinus = (name: string): string => `(f32.demote_f64 (f64.sub (f64.const 1) (f64.load offset=${8 * ADAMW_SCALARS.indexOf(name)} (local.get $scalars))))`;
const scalarArgs = `${loadScalars} ${oneMinus('beta1')} ${oneMinus('beta2')}`;

/** Loads one lane group of p, g, m, v at $o (four floats, or one); `stores` writes back m, v and the new p. */
const lanes = (t: Lanes): string => {
  const [load, suffix] = t === 'f32x4' ? ['v128.load', 'v'] : ['f32.load', 's'];
  return ['p', 'g', 'm', 'v'].map((x) => `(local.set $${x}_${suffix} (${load} (i32.add (local.get $${x}) (local.get $o))))`).join('\n      ');
};
const stores = (t: Lanes): string => {
  const [store, suffix] = t === 'f32x4' ? ['v128.store', 'v'] : ['f32.store', 's'];
  return [['m', 'm'], ['v', 'v'], ['out', 'p']].map(([at, x]) => `(${store} (i32.add (local.get $${at}) (local.get $o)) (local.get $${x}_${suffix}))`).join('\n      ');
};

/** A loop of lane groups from $o while below $<end>: the update, its stores and the teacher's EMA. */
const overLanes = (t: Lanes, end: string): string => `(block $${end}_DONE (loop $${end}_L
      (br_if $${end}_DONE (i32.ge_u (local.get $o) (local.get $${end})))
      ${lanes(t)}
      ${update(t)}
      ${stores(t)}
      (if (local.get $t) (then ${emaOf(t)}))
      (local.set $o (i32.add (local.get $o) (i32.const ${t === 'f32x4' ? 16 : 4})))
      (br $${end}_L)))`;

export const ADAMW = `(func (export "adamw") (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $out i32) (param $scalars i32) (param $n i32)
    (call $adamwWith (local.get $p) (local.get $g) (local.get $m) (local.get $v) (local.get $out) (i32.const 0) (i32.const 0) (f32.const 0) (f32.const 0) (local.get $n)
      ${scalarArgs}))
  (func (export "adamwEma") (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $out i32) (param $t i32) (param $tOut i32) (param $scalars i32) (param $mBits i32) (param $restBits i32) (param $n i32)
    (call $adamwWith (local.get $p) (local.get $g) (local.get $m) (local.get $v) (local.get $out) (local.get $t) (local.get $tOut)
      (f32.reinterpret_i32 (local.get $mBits)) (f32.reinterpret_i32 (local.get $restBits)) (local.get $n)
      ${scalarArgs}))
  (func (export "adamwEmaRows") (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $out i32) (param $t i32) (param $tOut i32) (param $scalars i32) (param $mBits i32) (param $restBits i32)
    (param $rows i32) (param $cols i32) (param $outSq i32) (param $tOutSq i32)
    (local $r i32) (local $row i32)
    (local.set $row (i32.shl (local.get $cols) (i32.const 2)))
    (block $R_END (loop $R
      (br_if $R_END (i32.ge_u (local.get $r) (local.get $rows)))
      (call $adamwWith (local.get $p) (local.get $g) (local.get $m) (local.get $v) (local.get $out) (local.get $t) (local.get $tOut)
        (f32.reinterpret_i32 (local.get $mBits)) (f32.reinterpret_i32 (local.get $restBits)) (local.get $cols)
        ${scalarArgs})
      (f32.store (local.get $outSq) (call $rowSquares (local.get $out) (local.get $cols)))
      (f32.store (local.get $tOutSq) (call $rowSquares (local.get $tOut) (local.get $cols)))
      ${['p', 'g', 'm', 'v', 'out', 't', 'tOut'].map((x) => `(local.set $${x} (i32.add (local.get $${x}) (local.get $row)))`).join(' ')}
      (local.set $outSq (i32.add (local.get $outSq) (i32.const 4)))
      (local.set $tOutSq (i32.add (local.get $tOutSq) (i32.const 4)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $R)))
  )
  (func $adamwWith (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $out i32) (param $t i32) (param $tOut i32) (param $mom f32) (param $rest f32) (param $n i32)
    ${ADAMW_SCALARS.map((s) => `(param $${s} f32)`).join(' ')} (param $oneMinusBeta1 f32) (param $oneMinusBeta2 f32)
    (local $o i32) (local $end i32) (local $last i32)
    (local $p_v v128) (local $g_v v128) (local $m_v v128) (local $v_v v128)
    (local $p_s f32) (local $g_s f32) (local $m_s f32) (local $v_s f32)
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (local.set $last (i32.shl (local.get $n) (i32.const 2)))
    ${overLanes('f32x4', 'end')}
    ${overLanes('f32', 'last')})
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
