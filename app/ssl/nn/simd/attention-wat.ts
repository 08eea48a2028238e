import { expNonPositive } from './exp-wat';
import { forLoop, hmax, hsum } from './wat';

/**
 * The core of multi-head attention for a range of heads [h0, h1), so that two threads can take half the
 * heads each. Per head the products are our GEMM on the head's slice of the heap (no copies), B packed into
 * the thread's scratch; softmax and its gradient run over rows in place of tf ops.
 *
 * attention(q, kT, v, out, probs, t, d, h0, h1, scratch): q [N,t,d] (scaled), kT [N,d,t], v [N,t,d] →
 *   out [N,t,d] = softmax(q·kT)·v, probs [N,t,t].
 * attentionGrad(dOut, probs, q, kT, v, dq, dkT, dv, t, d, h0, h1, scratch): dP = dOut·vᵀ,
 *   dS = P ⊙ (dP − rowsum(dP ⊙ P)), dq = dS·kTᵀ, dkT = qᵀ·dS, dv = Pᵀ·dOut.
 * scratch per thread: SCRATCH_FLOATS(t, d) floats (attentionScratchFloats), t ≥ 4.
 *
 * A row of t floats is processed four at a time; a ragged end is covered by the row's last four floats (for
 * the maximum and for e^(x − max) written to a separate output, recomputing up to three values identically)
 * or by scalar code (sums and in-place updates).
 */
export const attentionScratchFloats = (t: number, d: number): number => 2 * t * t + 8 * Math.ceil(Math.max(t, d) / 8) * Math.max(t, d) + 32;

/** Loop over byte offsets $j = 0, 16, … while a whole vector fits in $body bytes. */
const vectors = (label: string, body: string): string => forLoop(label, 'j', '(i32.const 0)', '(local.get $body)', 16, body);
/** Loop over byte offsets $j from $body to the row's end, one float at a time. */
const scalars = (label: string, body: string): string => forLoop(label, 'j', '(local.get $body)', '(local.get $width)', 4, body);

/** softmax of t rows of t floats: src → dst (distinct buffers). */
function softmaxRows(fma: boolean): string {
  const src = '(i32.add (local.get $src) (local.get $j))';
  const dst = '(i32.add (local.get $dst) (local.get $j))';
  const last = (base: string): string => `(i32.add (local.get $${base}) (i32.sub (local.get $width) (i32.const 16)))`;
  return `(func $softmaxRows (param $src i32) (param $dst i32) (param $t i32)
    (local $row i32) (local $j i32) (local $width i32) (local $body i32) (local $mx v128) (local $acc v128) (local $e v128)
    (local $u v128) (local $k v128) (local $r v128) (local $sum f32) (local $inv v128)
    (local.set $width (i32.shl (local.get $t) (i32.const 2)))
    (local.set $body (i32.and (local.get $width) (i32.const -16)))
    (block $ROWS_END (loop $ROWS
      (br_if $ROWS_END (i32.ge_u (local.get $row) (local.get $t)))
      (local.set $mx (v128.load ${last('src')}))
      ${vectors('MAX', `(local.set $mx (f32x4.max (local.get $mx) (v128.load ${src})))`)}
      (local.set $mx (f32x4.splat ${hmax('(local.get $mx)')}))
      (local.set $u (f32x4.sub (v128.load ${last('src')}) (local.get $mx)))
      (v128.store ${last('dst')} ${expNonPositive(fma, 'u', 'k', 'r')})
      (local.set $acc (v128.const i32x4 0 0 0 0))
      ${vectors('EXP', `(local.set $u (f32x4.sub (v128.load ${src}) (local.get $mx)))
        (local.set $e ${expNonPositive(fma, 'u', 'k', 'r')})
        (v128.store ${dst} (local.get $e))
        (local.set $acc (f32x4.add (local.get $acc) (local.get $e)))`)}
      (local.set $sum ${hsum('(local.get $acc)')})
      ${scalars('TAIL', `(local.set $sum (f32.add (local.get $sum) (f32.load ${dst})))`)}
      (local.set $inv (f32x4.splat (f32.div (f32.const 1) (local.get $sum))))
      ${vectors('SCALE', `(v128.store ${dst} (f32x4.mul (v128.load ${dst}) (local.get $inv)))`)}
      ${scalars('SCALE_TAIL', `(f32.store ${dst} (f32.mul (f32.load ${dst}) (f32x4.extract_lane 0 (local.get $inv))))`)}
      (local.set $src (i32.add (local.get $src) (local.get $width)))
      (local.set $dst (i32.add (local.get $dst) (local.get $width)))
      (local.set $row (i32.add (local.get $row) (i32.const 1)))
      (br $ROWS)))
  )`;
}

/** dS = P ⊙ (dP − rowsum(dP ⊙ P)) over t rows of t floats, in place on dP. */
const SOFTMAX_GRAD_ROWS = `(func $softmaxGradRows (param $dp i32) (param $p i32) (param $t i32)
    (local $row i32) (local $j i32) (local $width i32) (local $body i32) (local $acc v128) (local $dot f32) (local $dotv v128)
    (local.set $width (i32.shl (local.get $t) (i32.const 2)))
    (local.set $body (i32.and (local.get $width) (i32.const -16)))
    (block $ROWS_END (loop $ROWS
      (br_if $ROWS_END (i32.ge_u (local.get $row) (local.get $t)))
      (local.set $acc (v128.const i32x4 0 0 0 0))
      ${vectors('DOT', '(local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (v128.load (i32.add (local.get $dp) (local.get $j))) (v128.load (i32.add (local.get $p) (local.get $j))))))')}
      (local.set $dot ${hsum('(local.get $acc)')})
      ${scalars('DOT_TAIL', '(local.set $dot (f32.add (local.get $dot) (f32.mul (f32.load (i32.add (local.get $dp) (local.get $j))) (f32.load (i32.add (local.get $p) (local.get $j))))))')}
      (local.set $dotv (f32x4.splat (local.get $dot)))
      ${vectors('DS', '(v128.store (i32.add (local.get $dp) (local.get $j)) (f32x4.mul (v128.load (i32.add (local.get $p) (local.get $j))) (f32x4.sub (v128.load (i32.add (local.get $dp) (local.get $j))) (local.get $dotv))))')}
      ${scalars('DS_TAIL', '(f32.store (i32.add (local.get $dp) (local.get $j)) (f32.mul (f32.load (i32.add (local.get $p) (local.get $j))) (f32.sub (f32.load (i32.add (local.get $dp) (local.get $j))) (local.get $dot))))')}
      (local.set $dp (i32.add (local.get $dp) (local.get $width)))
      (local.set $p (i32.add (local.get $p) (local.get $width)))
      (local.set $row (i32.add (local.get $row) (i32.const 1)))
      (br $ROWS)))
  )`;

/** C [m,n] = A·B with B (row-major [k,n], or [n,k] when transposed) packed into $packed first. */
const product = (a: string, rs: string, ks: string, b: string, transposed: number, c: string, m: string, k: string, n: string): string =>
  `(call $pack ${b} ${k} ${n} (i32.const ${transposed}) (local.get $packed))
      (call $gemm ${a} ${rs} ${ks} (local.get $packed) (i32.const 32) (i32.shl ${k} (i32.const 5)) ${c} ${m} ${k} ${n} (i32.const 0)
        (i32.shr_u (i32.add ${n} (i32.const 7)) (i32.const 3)) (local.get $tile) (i32.const 0))`;

const get = (name: string): string => `(local.get $${name})`;
const head = (base: string, size: string): string => `(i32.add ${get(base)} (i32.mul ${get('h')} ${size}))`;
const bytes = (x: string): string => `(i32.shl ${x} (i32.const 2))`;

/** Per-thread scratch: [t,t] scores (or dP), the packed B, the GEMM tile. */
const SCRATCH_LOCALS = `(local $h i32) (local $tt i32) (local $td i32) (local $scores i32) (local $packed i32) (local $tile i32)
    (local.set $tt (i32.shl (i32.mul (local.get $t) (local.get $t)) (i32.const 2)))
    (local.set $td (i32.shl (i32.mul (local.get $t) (local.get $d)) (i32.const 2)))
    (local.set $scores (local.get $scratch))
    (local.set $packed (i32.add (local.get $scratch) (i32.shl (local.get $tt) (i32.const 1))))
    (local.set $tile (i32.add (local.get $packed)
      (i32.shl (i32.mul (i32.shl (i32.shr_u (i32.add (select (local.get $t) (local.get $d) (i32.gt_u (local.get $t) (local.get $d))) (i32.const 7)) (i32.const 3)) (i32.const 3))
        (select (local.get $t) (local.get $d) (i32.gt_u (local.get $t) (local.get $d)))) (i32.const 2))))
    (local.set $h (local.get $h0))`;

const overHeads = (body: string): string => `(block $H_END (loop $H
      (br_if $H_END (i32.ge_u (local.get $h) (local.get $h1)))
      ${body}
      (local.set $h (i32.add (local.get $h) (i32.const 1)))
      (br $H)))`;

export function attentionFunctions(fma: boolean): string {
  const forward = `(func (export "attention") (param $q i32) (param $kT i32) (param $v i32) (param $out i32) (param $probs i32) (param $t i32) (param $d i32) (param $h0 i32) (param $h1 i32) (param $scratch i32)
    ${SCRATCH_LOCALS}
    ${overHeads(`${product(head('q', get('td')), bytes(get('d')), '(i32.const 4)', head('kT', get('td')), 0, get('scores'), get('t'), get('d'), get('t'))}
      (call $softmaxRows (local.get $scores) ${head('probs', get('tt'))} (local.get $t))
      ${product(head('probs', get('tt')), bytes(get('t')), '(i32.const 4)', head('v', get('td')), 0, head('out', get('td')), get('t'), get('t'), get('d'))}`)}
  )`;
  const backward = `(func (export "attentionGrad") (param $dOut i32) (param $probs i32) (param $q i32) (param $kT i32) (param $v i32) (param $dq i32) (param $dkT i32) (param $dv i32) (param $t i32) (param $d i32) (param $h0 i32) (param $h1 i32) (param $scratch i32)
    ${SCRATCH_LOCALS}
    ${overHeads(`${product(head('dOut', get('td')), bytes(get('d')), '(i32.const 4)', head('v', get('td')), 1, get('scores'), get('t'), get('d'), get('t'))}
      (call $softmaxGradRows (local.get $scores) ${head('probs', get('tt'))} (local.get $t))
      ${product(get('scores'), bytes(get('t')), '(i32.const 4)', head('kT', get('td')), 1, head('dq', get('td')), get('t'), get('t'), get('d'))}
      ${product(head('q', get('td')), '(i32.const 4)', bytes(get('d')), get('scores'), 0, head('dkT', get('td')), get('d'), get('t'), get('t'))}
      ${product(head('probs', get('tt')), '(i32.const 4)', bytes(get('t')), head('dOut', get('td')), 0, head('dv', get('td')), get('t'), get('t'), get('d'))}`)}
  )`;
  return `${softmaxRows(fma)}
  ${SOFTMAX_GRAD_ROWS}
  ${forward}
  ${backward}`;
}
