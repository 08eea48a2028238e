import { expNonPositive } from './exp-wat';
import { log1pUnit } from './log-wat';
import { at, f32x4, forLoop, get, hmax, hsum, i32, multiplyAdd, overFloats } from './wat';

/**
 * The two losses of an ACE step whose tf-op forms are ~15–25 single-threaded passes each per micro-batch
 * (~30 ms of an 8-pair step apiece at two threads): one pass here, with the gradient written alongside the
 * value (both are closed-form, and the backward then only scales it by the incoming dy).
 */
const splat = (bits: string): string => `(f32x4.splat (f32.reinterpret_i32 (local.get $${bits})))`;

/**
 * α-balanced BCE with soft targets on logits z = scale·x (torchvision's sigmoid_focal_loss with γ = 0), over
 * n floats: loss = w·(max(z,0) − z·T + log1p(e^−|z|))·lossScale, dL/dx = w·(σ(z) − T)·gradScale, with the
 * weight w = w0 + w1·T (w0 = 1 − α, w1 = 2α − 1). σ(z) = 1/(1 + e^−z) for z ≥ 0, e^z/(1 + e^z) below: e^−|z|
 * serves both, and never overflows; after the log1p, $u holds 1 + e^−|z|, σ's denominator.
 */
function alphaBce(fma: boolean): string {
  return overFloats(
    'alphaBce',
    ['xs', 'ts', 'ls', 'gs', 'scaleBits', 'w0Bits', 'w1Bits', 'lossBits', 'gradBits'],
    '(local $z v128) (local $t v128) (local $w v128) (local $e v128) (local $sp v128) (local $k v128) (local $r v128) (local $u v128) (local $big v128) (local $x v128) (local $x2 v128)',
    `(local.set $z (f32x4.mul (v128.load ${at('xs')}) ${splat('scaleBits')}))
    (local.set $t (v128.load ${at('ts')}))
    (local.set $w ${multiplyAdd(fma, get('t'), splat('w1Bits'), splat('w0Bits'))})
    (local.set $u (f32x4.neg (f32x4.abs ${get('z')})))
    (local.set $e ${expNonPositive(fma, 'u', 'k', 'r')})
    (local.set $sp ${log1pUnit(fma)})
    (v128.store ${at('ls')} (f32x4.mul (f32x4.mul ${get('w')}
      (f32x4.add (f32x4.sub (f32x4.max ${get('z')} ${f32x4(0)}) (f32x4.mul ${get('z')} ${get('t')})) ${get('sp')})) ${splat('lossBits')}))
    (v128.store ${at('gs')} (f32x4.mul (f32x4.mul ${get('w')}
      (f32x4.sub (f32x4.div (v128.bitselect ${f32x4(1)} ${get('e')} (f32x4.ge ${get('z')} ${f32x4(0)})) ${get('u')}) ${get('t')})) ${splat('gradBits')}))`,
  );
}

/**
 * DINO's cross-entropy for `rows` student rows against the teacher rows they are paired with, each row `width`
 * floats (a multiple of 4): Pt = softmax((t − c)/τt), log Q = log softmax(s/τs). Per row, three passes that stay
 * in L2: the maxima; the exponentials (the student's kept in g) and their sums; then Pt, g = (Q − Pt)·coef and
 * the sums A = Σ Pt·(s/τs − max) and B = Σ Pt. `part` receives A, B and the student's Σ e per row: the row's
 * loss −Σ Pt·log Q = B·log Σe − A is formed on the host (a scalar log).
 */
function dinoRows(fma: boolean): string {
  const load = (pointer: string): string => `(v128.load (i32.add ${get(pointer)} ${get('j')}))`;
  const teacherExponent = `(local.set $u (f32x4.sub (f32x4.mul (f32x4.sub ${load('t')} ${load('c')}) ${splat('tBits')}) ${get('mt')}))`;
  const exp = expNonPositive(fma, 'u', 'k', 'r');
  const store = (offset: number, value: string): string => `(f32.store (i32.add ${get('part')} ${i32(offset)}) ${value})`;
  const row = `(local.set $ms (f32x4.splat (f32.const -inf)))
      (local.set $mt (f32x4.splat (f32.const -inf)))
      ${forLoop('M', 'j', i32(0), get('end'), 16, `(local.set $ms (f32x4.max ${get('ms')} ${load('s')}))
        (local.set $mt (f32x4.max ${get('mt')} (f32x4.sub ${load('t')} ${load('c')})))`)}
      (local.set $ms (f32x4.mul (f32x4.splat ${hmax(get('ms'))}) ${splat('sBits')}))
      (local.set $mt (f32x4.mul (f32x4.splat ${hmax(get('mt'))}) ${splat('tBits')}))
      (local.set $sumS (v128.const f32x4 0 0 0 0))
      (local.set $sumT (v128.const f32x4 0 0 0 0))
      ${forLoop('E', 'j', i32(0), get('end'), 16, `(local.set $u (f32x4.sub (f32x4.mul ${load('s')} ${splat('sBits')}) ${get('ms')}))
        (local.set $e ${exp})
        (v128.store (i32.add ${get('g')} ${get('j')}) ${get('e')})
        (local.set $sumS (f32x4.add ${get('sumS')} ${get('e')}))
        ${teacherExponent}
        (local.set $sumT (f32x4.add ${get('sumT')} ${exp}))`)}
      (local.set $total ${hsum(get('sumS'))})
      ${store(8, get('total'))}
      (local.set $sumS (f32x4.splat (f32.div (f32.const 1) ${get('total')})))
      (local.set $sumT (f32x4.splat (f32.div (f32.const 1) ${hsum(get('sumT'))})))
      (local.set $a (v128.const f32x4 0 0 0 0))
      (local.set $b (v128.const f32x4 0 0 0 0))
      ${forLoop('P', 'j', i32(0), get('end'), 16, `${teacherExponent}
        (local.set $p (f32x4.mul ${exp} ${get('sumT')}))
        (local.set $a ${multiplyAdd(fma, get('p'), `(f32x4.sub (f32x4.mul ${load('s')} ${splat('sBits')}) ${get('ms')})`, get('a'))})
        (local.set $b (f32x4.add ${get('b')} ${get('p')}))
        (v128.store (i32.add ${get('g')} ${get('j')}) (f32x4.mul (f32x4.sub (f32x4.mul ${load('g')} ${get('sumS')}) ${get('p')}) ${splat('coefBits')}))`)}
      ${store(0, hsum(get('a')))}
      ${store(4, hsum(get('b')))}
      (local.set $s (i32.add ${get('s')} ${get('end')}))
      (local.set $t (i32.add ${get('t')} ${get('end')}))
      (local.set $g (i32.add ${get('g')} ${get('end')}))
      (local.set $part (i32.add ${get('part')} ${i32(12)}))`;
  return `(func (export "dinoRows") (param $s i32) (param $t i32) (param $c i32) (param $g i32) (param $part i32) (param $rows i32) (param $width i32)
    (param $sBits i32) (param $tBits i32) (param $coefBits i32)
    (local $i i32) (local $j i32) (local $end i32) (local $total f32)
    (local $ms v128) (local $mt v128) (local $sumS v128) (local $sumT v128) (local $a v128) (local $b v128) (local $p v128) (local $e v128) (local $u v128) (local $k v128) (local $r v128)
    (local.set $end (i32.shl ${get('width')} ${i32(2)}))
    ${forLoop('R', 'i', i32(0), get('rows'), 1, row)})`;
}

export const lossFunctions = (fma: boolean): string => `${alphaBce(fma)}
  ${dinoRows(fma)}`;
