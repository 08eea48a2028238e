import { forLoop, get } from './wat';

/**
 * BatchNorm in training mode followed by ReLU over the rows of a [rows, width] matrix (ACE's dense head on
 * a micro-batch's tokens), forward and backward, on f32x4. As tf ops the pair is ~25 single-threaded passes
 * per layer each way. Column statistics, so every pass works on a range of columns [c0, c1) (multiples of
 * 4) and two threads can take one half each. The float32 operations are those of the tf-op form in the same
 * order (sums down the rows, as our column-sum kernel adds them; no fused multiply-add), so the results match
 * it bit for bit.
 *
 * batchNormRelu(x, w, b, y, xhat, mean, rstd, rows, width, c0, c1, epsBits): μ = Σx/N, 1/σ = 1/√(Σ(x − μ)²/N + eps),
 * x̂ = (x − μ)·(1/σ), y = max(x̂·w + b, 0); mean and rstd are [width] (mean is scratch).
 * batchNormReluGrad(dy, xhat, y, rstd, w, dx, dw, db, rows, width, c0, c1): dz = dy·[y > 0], db = Σ dz,
 * dw = Σ dz·x̂, dx = (dz − db/N − x̂·dw/N)·(1/σ·w).
 */
const pointerAt = (base: string): string => `(i32.add ${get(base)} ${get('i')})`;
const rowAt = (base: string): string => `(i32.add (i32.add ${get(base)} ${get('o')}) ${get('i')})`;
const load = (base: string): string => `(v128.load ${rowAt(base)})`;
/** The columns of the range: $i runs over their byte offsets. */
const columns = (label: string, body: string): string => forLoop(label, 'i', get('from'), get('to'), 16, body);
/** Every row ($o its byte offset), then the range's columns. */
const everyRow = (label: string, body: string): string =>
  forLoop(`${label}_R`, 'r', '(i32.const 0)', get('rows'), 1, `(local.set $o (i32.mul ${get('r')} ${get('stride')}))
      ${columns(label, body)}`);
const zero = (base: string): string => `(v128.store ${pointerAt(base)} (v128.const i32x4 0 0 0 0))`;
const accumulate = (base: string, value: string): string => `(v128.store ${pointerAt(base)} (f32x4.add (v128.load ${pointerAt(base)}) ${value}))`;
const byRows = `(f32x4.splat (f32.convert_i32_u ${get('rows')}))`;
const range = `(local.set $stride (i32.shl ${get('width')} (i32.const 2)))
    (local.set $from (i32.shl ${get('c0')} (i32.const 2)))
    (local.set $to (i32.shl ${get('c1')} (i32.const 2)))`;
const commonLocals = '(local $r i32) (local $i i32) (local $o i32) (local $stride i32) (local $from i32) (local $to i32)';

const centred = `(f32x4.sub ${load('x')} (v128.load ${pointerAt('mean')}))`;
const dz = `(f32x4.mul ${load('dy')} (v128.and (f32x4.gt ${load('y')} (v128.const i32x4 0 0 0 0)) (f32x4.splat (f32.const 1))))`;

export const BATCH_NORM_RELU = `(func (export "batchNormRelu") (param $x i32) (param $w i32) (param $b i32) (param $y i32) (param $xhat i32) (param $mean i32) (param $rstd i32)
    (param $rows i32) (param $width i32) (param $c0 i32) (param $c1 i32) (param $epsBits i32)
    ${commonLocals} (local $c v128) (local $h v128)
    ${range}
    ${columns('Z', `${zero('mean')} ${zero('rstd')}`)}
    ${everyRow('SUM', accumulate('mean', load('x')))}
    ${columns('MEAN', `(v128.store ${pointerAt('mean')} (f32x4.div (v128.load ${pointerAt('mean')}) ${byRows}))`)}
    ${everyRow('VAR', `(local.set $c ${centred})
      ${accumulate('rstd', `(f32x4.mul ${get('c')} ${get('c')})`)}`)}
    ${columns('RSTD', `(v128.store ${pointerAt('rstd')} (f32x4.div (f32x4.splat (f32.const 1))
      (f32x4.sqrt (f32x4.add (f32x4.div (v128.load ${pointerAt('rstd')}) ${byRows}) (f32x4.splat (f32.reinterpret_i32 ${get('epsBits')}))))))`)}
    ${everyRow('OUT', `(local.set $h (f32x4.mul ${centred} (v128.load ${pointerAt('rstd')})))
      (v128.store ${rowAt('xhat')} ${get('h')})
      (v128.store ${rowAt('y')} (f32x4.max (f32x4.add (f32x4.mul ${get('h')} (v128.load ${pointerAt('w')})) (v128.load ${pointerAt('b')})) (v128.const i32x4 0 0 0 0)))`)})
  (func (export "batchNormReluGrad") (param $dy i32) (param $xhat i32) (param $y i32) (param $rstd i32) (param $w i32) (param $dx i32) (param $dw i32) (param $db i32)
    (param $rows i32) (param $width i32) (param $c0 i32) (param $c1 i32)
    ${commonLocals} (local $d v128)
    ${range}
    ${columns('Z', `${zero('dw')} ${zero('db')}`)}
    ${everyRow('SUMS', `(local.set $d ${dz})
      ${accumulate('db', get('d'))}
      ${accumulate('dw', `(f32x4.mul ${get('d')} ${load('xhat')})`)}`)}
    ${everyRow('DX', `(v128.store ${rowAt('dx')} (f32x4.mul
      (f32x4.sub (f32x4.sub ${dz} (f32x4.div (v128.load ${pointerAt('db')}) ${byRows})) (f32x4.mul ${load('xhat')} (f32x4.div (v128.load ${pointerAt('dw')}) ${byRows})))
      (f32x4.mul (v128.load ${pointerAt('rstd')}) (v128.load ${pointerAt('w')}))))`)})`;
