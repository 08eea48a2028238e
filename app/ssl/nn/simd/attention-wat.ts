import { expNonPositive } from './exp-wat';
import { GEMM_SCRATCH_BYTES } from './gemm-wat';
import { forLoop, hmax, hsum } from './wat';

/**
 * The core of multi-head attention for a range of heads [h0, h1), so that two threads can take half the
 * heads each. Per head the products are our GEMM on the head's slice of the heap (no copies), B packed into
 * the thread's scratch; softmax and its gradient run over rows in place of tf ops.
 *
 * The operands stay in the layouts of the layers around the core, so that no split, transpose or merge of
 * heads runs as tf ops: qkv is the qkv projection's [B·t, 3D] output (D = heads·d; columns q | k | v, each
 * head-major, as timm's reshape(B, t, 3, heads, d)), the output and its gradient are the [B·t, D] input of the
 * output projection. Head n = (image n / heads, head n % heads); the scale comes as the bits of a float32.
 *
 * attention(qkv, out, probs, t, d, heads, scaleBits, h0, h1, scratch) → out = softmax(scale·q·kᵀ)·v,
 *   probs [N,t,t]; probs = 0 keeps each head's probabilities in the scratch instead (a forward without a
 *   backward: no [N,t,t] write to memory).
 * attentionGrad(dOut, probs, qkv, dqkv, t, d, heads, scaleBits, h0, h1, scratch): dP = dOut·vᵀ,
 *   dS = scale·P ⊙ (dP − rowsum(dP ⊙ P)), dq = dS·k, dk = dSᵀ·q, dv = Pᵀ·dOut, written into dqkv [B·t, 3D].
 * scratch per thread: attentionScratchFloats(t, d) floats, t ≥ 4.
 *
 * A row of t floats is processed four at a time; a ragged end is covered by the row's last four floats (for
 * the maximum and for e^(x − max) written to a separate output, recomputing up to three values identically)
 * or by scalar code (sums and in-place updates).
 */
export const attentionScratchFloats = (t: number, d: number): number => 2 * t * t + 8 * Math.ceil(Math.max(t, d) / 8) * Math.max(t, d) + GEMM_SCRATCH_BYTES / 4;

/** Loop over byte offsets $j = 0, 16, … while a whole vector fits in $body bytes. */
const vectors = (label: string, body: string): string => forLoop(label, 'j', '(i32.const 0)', '(local.get $body)', 16, body);
/** Loop over byte offsets $j from $body to the row's end, one float at a time. */
const scalars = (label: string, body: string): string => forLoop(label, 'j', '(local.get $body)', '(local.get $width)', 4, body);

/** softmax(scale·x) of t rows of t floats, scale > 0: src → dst (distinct buffers). */
function softmaxRows(fma: boolean): string {
  const src = '(i32.add (local.get $src) (local.get $j))';
  const dst = '(i32.add (local.get $dst) (local.get $j))';
  const last = (base: string): string => `(i32.add (local.get $${base}) (i32.sub (local.get $width) (i32.const 16)))`;
  return `(func $softmaxRows (param $src i32) (param $dst i32) (param $t i32) (param $scale f32)
    (local $row i32) (local $j i32) (local $width i32) (local $body i32) (local $mx v128) (local $acc v128) (local $e v128)
    (local $u v128) (local $k v128) (local $r v128) (local $sum f32) (local $inv v128) (local $s v128)
    (local.set $s (f32x4.splat (local.get $scale)))
    (local.set $width (i32.shl (local.get $t) (i32.const 2)))
    (local.set $body (i32.and (local.get $width) (i32.const -16)))
    (block $ROWS_END (loop $ROWS
      (br_if $ROWS_END (i32.ge_u (local.get $row) (local.get $t)))
      (local.set $mx (v128.load ${last('src')}))
      ${vectors('MAX', `(local.set $mx (f32x4.max (local.get $mx) (v128.load ${src})))`)}
      (local.set $mx (f32x4.splat ${hmax('(local.get $mx)')}))
      (local.set $u (f32x4.mul (f32x4.sub (v128.load ${last('src')}) (local.get $mx)) (local.get $s)))
      (v128.store ${last('dst')} ${expNonPositive(fma, 'u', 'k', 'r')})
      (local.set $acc (v128.const i32x4 0 0 0 0))
      ${vectors('EXP', `(local.set $u (f32x4.mul (f32x4.sub (v128.load ${src}) (local.get $mx)) (local.get $s)))
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

/** dS = scale·P ⊙ (dP − rowsum(dP ⊙ P)) over t rows of t floats, in place on dP (the gradient of softmax(scale·x)). */
const SOFTMAX_GRAD_ROWS = `(func $softmaxGradRows (param $dp i32) (param $p i32) (param $t i32) (param $scale f32)
    (local $row i32) (local $j i32) (local $width i32) (local $body i32) (local $acc v128) (local $dot f32) (local $dotv v128) (local $s v128)
    (local.set $s (f32x4.splat (local.get $scale)))
    (local.set $width (i32.shl (local.get $t) (i32.const 2)))
    (local.set $body (i32.and (local.get $width) (i32.const -16)))
    (block $ROWS_END (loop $ROWS
      (br_if $ROWS_END (i32.ge_u (local.get $row) (local.get $t)))
      (local.set $acc (v128.const i32x4 0 0 0 0))
      ${vectors('DOT', '(local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (v128.load (i32.add (local.get $dp) (local.get $j))) (v128.load (i32.add (local.get $p) (local.get $j))))))')}
      (local.set $dot ${hsum('(local.get $acc)')})
      ${scalars('DOT_TAIL', '(local.set $dot (f32.add (local.get $dot) (f32.mul (f32.load (i32.add (local.get $dp) (local.get $j))) (f32.load (i32.add (local.get $p) (local.get $j))))))')}
      (local.set $dotv (f32x4.splat (local.get $dot)))
      ${vectors('DS', '(v128.store (i32.add (local.get $dp) (local.get $j)) (f32x4.mul (f32x4.mul (v128.load (i32.add (local.get $p) (local.get $j))) (f32x4.sub (v128.load (i32.add (local.get $dp) (local.get $j))) (local.get $dotv))) (local.get $s)))')}
      ${scalars('DS_TAIL', '(f32.store (i32.add (local.get $dp) (local.get $j)) (f32.mul (f32.mul (f32.load (i32.add (local.get $p) (local.get $j))) (f32.sub (f32.load (i32.add (local.get $dp) (local.get $j))) (local.get $dot))) (local.get $scale)))')}
      (local.set $dp (i32.add (local.get $dp) (local.get $width)))
      (local.set $p (i32.add (local.get $p) (local.get $width)))
      (local.set $row (i32.add (local.get $row) (i32.const 1)))
      (br $ROWS)))
  )`;

/** C [m,n] (rows ldc bytes apart) = A·B, B[q][j] at b + q·sk + j·sn packed into $packed first. */
const product = (a: string, rs: string, ks: string, b: string, sk: string, sn: string, c: string, ldc: string, m: string, k: string, n: string): string =>
  `(call $pack ${b} ${k} ${n} ${sk} ${sn} (local.get $packed))
      (call $gemm ${a} ${rs} ${ks} (local.get $packed) (i32.const 32) (i32.shl ${k} (i32.const 5)) ${c} ${ldc} ${m} ${k} ${n} (i32.const 0)
        (i32.shr_u (i32.add ${n} (i32.const 7)) (i32.const 3)) (local.get $tile) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))`;

const get = (name: string): string => `(local.get $${name})`;
const four = '(i32.const 4)';

/**
 * Per-thread scratch: [t,t] scores (or dP), a second [t,t] (a head's probabilities when they are not kept),
 * the packed B, the GEMM's scratch. Per head n = (image, head): the byte offsets of its q in qkv and of its columns
 * in a [rows, D] matrix, and its probabilities.
 */
const HEAD_LOCALS = `(local $h i32) (local $tt i32) (local $scores i32) (local $packed i32) (local $tile i32)
    (local $rq i32) (local $ro i32) (local $qn i32) (local $on i32) (local $pn i32) (local $dim i32) (local $scale f32)
    (local.set $tt (i32.shl (i32.mul (local.get $t) (local.get $t)) (i32.const 2)))
    (local.set $dim (i32.mul (local.get $heads) (local.get $d)))
    (local.set $ro (i32.shl (local.get $dim) (i32.const 2)))
    (local.set $rq (i32.mul (local.get $ro) (i32.const 3)))
    (local.set $scale (f32.reinterpret_i32 (local.get $scaleBits)))
    (local.set $scores (local.get $scratch))
    (local.set $packed (i32.add (local.get $scratch) (i32.shl (local.get $tt) (i32.const 1))))
    (local.set $tile (i32.add (local.get $packed)
      (i32.shl (i32.mul (i32.shl (i32.shr_u (i32.add (select (local.get $t) (local.get $d) (i32.gt_u (local.get $t) (local.get $d))) (i32.const 7)) (i32.const 3)) (i32.const 3))
        (select (local.get $t) (local.get $d) (i32.gt_u (local.get $t) (local.get $d)))) (i32.const 2))))
    (local.set $h (local.get $h0))`;

/** Sets $qn, $on, $pn for head $h: image b = h / heads, head j = h % heads. */
const HEAD_OFFSETS = `(local.set $qn (i32.add
        (i32.mul (i32.div_u (local.get $h) (local.get $heads)) (i32.mul (local.get $t) (local.get $rq)))
        (i32.shl (i32.mul (i32.rem_u (local.get $h) (local.get $heads)) (local.get $d)) (i32.const 2))))
      (local.set $on (i32.add
        (i32.mul (i32.div_u (local.get $h) (local.get $heads)) (i32.mul (local.get $t) (local.get $ro)))
        (i32.shl (i32.mul (i32.rem_u (local.get $h) (local.get $heads)) (local.get $d)) (i32.const 2))))
      (local.set $pn (select
        (i32.add (local.get $probs) (i32.mul (local.get $h) (local.get $tt)))
        (i32.add (local.get $scores) (local.get $tt))
        (local.get $probs)))`;

const overHeads = (body: string): string => `(block $H_END (loop $H
      (br_if $H_END (i32.ge_u (local.get $h) (local.get $h1)))
      ${HEAD_OFFSETS}
      ${body}
      (local.set $h (i32.add (local.get $h) (i32.const 1)))
      (br $H)))`;

const at = (base: string, offset: string, plus = ''): string => `(i32.add ${get(base)} ${plus ? `(i32.add ${get(offset)} ${plus})` : get(offset)})`;
const tBytes = `(i32.shl ${get('t')} (i32.const 2))`;

export function attentionFunctions(fma: boolean): string {
  // Head n's q at qkv + qn, k D floats on (+ ro bytes), v 2D floats on; rows rq bytes apart.
  const q = (base: string): string => at(base, 'qn');
  const k = (base: string): string => at(base, 'qn', get('ro'));
  const v = (base: string): string => at(base, 'qn', `(i32.shl ${get('ro')} (i32.const 1))`);
  const forward = `(func (export "attention") (param $qkv i32) (param $out i32) (param $probs i32) (param $t i32) (param $d i32) (param $heads i32) (param $scaleBits i32) (param $h0 i32) (param $h1 i32) (param $scratch i32)
    ${HEAD_LOCALS}
    ${overHeads(`${product(q('qkv'), get('rq'), four, k('qkv'), four, get('rq'), get('scores'), tBytes, get('t'), get('d'), get('t'))}
      (call $softmaxRows (local.get $scores) (local.get $pn) (local.get $t) (local.get $scale))
      ${product(get('pn'), tBytes, four, v('qkv'), get('rq'), four, at('out', 'on'), get('ro'), get('t'), get('t'), get('d'))}`)}
  )`;
  const backward = `(func (export "attentionGrad") (param $dOut i32) (param $probs i32) (param $qkv i32) (param $dqkv i32) (param $t i32) (param $d i32) (param $heads i32) (param $scaleBits i32) (param $h0 i32) (param $h1 i32) (param $scratch i32)
    ${HEAD_LOCALS}
    ${overHeads(`${product(at('dOut', 'on'), get('ro'), four, v('qkv'), four, get('rq'), get('scores'), tBytes, get('t'), get('d'), get('t'))}
      (call $softmaxGradRows (local.get $scores) (local.get $pn) (local.get $t) (local.get $scale))
      ${product(get('scores'), tBytes, four, k('qkv'), get('rq'), four, q('dqkv'), get('rq'), get('t'), get('t'), get('d'))}
      ${product(get('scores'), four, tBytes, q('qkv'), get('rq'), four, k('dqkv'), get('rq'), get('t'), get('t'), get('d'))}
      ${product(get('pn'), four, tBytes, at('dOut', 'on'), get('ro'), four, v('dqkv'), get('rq'), get('t'), get('t'), get('d'))}`)}
  )`;
  return `${softmaxRows(fma)}
  ${SOFTMAX_GRAD_ROWS}
  ${forward}
  ${backward}`;
}
