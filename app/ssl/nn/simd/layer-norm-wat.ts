import { forLoop, hsum } from './wat';

/**
 * LayerNorm forward and backward over rows of d floats (d a multiple of 4) on f32x4. The JS kernels they
 * replace ran at ~8 ns per element (1.2 ms for a ViT-T [788,192] activation, ~0.4 s of an 8-pair ACE step at
 * one thread). Row statistics in float32, two passes (mean, then the centred variance).
 *
 * layerNorm(x, w, b, y, xhat, rstd, rows, d, epsBits): y = x̂·w + b, x̂ = (x − μ)/σ, rstd[r] = 1/σ; eps comes as
 * the bits of a float32 (i32 arguments only, so the second thread can run a share of the rows). xhat = y
 * writes y alone (x̂ is overwritten in place) for a forward no backward follows.
 * layerNormGrad(dy, xhat, rstd, w, dx, dw, db, rows, d): dx = (1/σ)(ĝ − mean ĝ − x̂·mean(ĝ·x̂)) with ĝ = dy·w;
 * dw = Σ dy·x̂ and db = Σ dy over the rows (overwritten).
 */
/** A loop over the columns of the current row: $i runs over byte offsets 0, 16, … < $width. */
const columns = (label: string, body: string): string => forLoop(label, 'i', '(i32.const 0)', '(local.get $width)', 16, body);

const at = (base: string): string => `(i32.add (local.get $${base}) (local.get $i))`;
const row = (base: string): string => `(i32.add (local.get $${base}) (local.get $o))`;
const rowAt = (base: string): string => `(i32.add ${row(base)} (local.get $i))`;

export const LAYER_NORM = `(func (export "layerNorm") (param $x i32) (param $w i32) (param $b i32) (param $y i32) (param $xhat i32) (param $rstd i32) (param $rows i32) (param $d i32) (param $epsBits i32)
    (local $eps f32) (local $r i32) (local $i i32) (local $o i32) (local $width i32) (local $acc v128) (local $mean v128) (local $c v128) (local $k f32) (local $h v128)
    (local.set $eps (f32.reinterpret_i32 (local.get $epsBits)))
    (local.set $width (i32.shl (local.get $d) (i32.const 2)))
    (block $R_END (loop $R
      (br_if $R_END (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $o (i32.mul (local.get $r) (local.get $width)))
      (local.set $acc (v128.const i32x4 0 0 0 0))
      ${columns('SUM', `(local.set $acc (f32x4.add (local.get $acc) (v128.load ${rowAt('x')})))`)}
      (local.set $mean (f32x4.splat (f32.div ${hsum('(local.get $acc)')} (f32.convert_i32_u (local.get $d)))))
      (local.set $acc (v128.const i32x4 0 0 0 0))
      ${columns('VAR', `(local.set $c (f32x4.sub (v128.load ${rowAt('x')}) (local.get $mean)))
        (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $c) (local.get $c))))`)}
      (local.set $k (f32.div (f32.const 1) (f32.sqrt (f32.add (f32.div ${hsum('(local.get $acc)')} (f32.convert_i32_u (local.get $d))) (local.get $eps)))))
      (f32.store (i32.add (local.get $rstd) (i32.shl (local.get $r) (i32.const 2))) (local.get $k))
      ${columns('OUT', `(local.set $h (f32x4.mul (f32x4.sub (v128.load ${rowAt('x')}) (local.get $mean)) (f32x4.splat (local.get $k))))
        (v128.store ${rowAt('xhat')} (local.get $h))
        (v128.store ${rowAt('y')} (f32x4.add (f32x4.mul (local.get $h) (v128.load ${at('w')})) (v128.load ${at('b')})))`)}
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $R)))
  )
  (func (export "layerNormGrad") (param $dy i32) (param $xhat i32) (param $rstd i32) (param $w i32) (param $dx i32) (param $dw i32) (param $db i32) (param $rows i32) (param $d i32)
    (local $r i32) (local $i i32) (local $o i32) (local $width i32) (local $g v128) (local $sg v128) (local $sgx v128) (local $dyv v128) (local $xv v128)
    (local $meanG v128) (local $meanGx v128) (local $k v128)
    (local.set $width (i32.shl (local.get $d) (i32.const 2)))
    ${columns('ZERO', `(v128.store ${at('dw')} (v128.const i32x4 0 0 0 0))
      (v128.store ${at('db')} (v128.const i32x4 0 0 0 0))`)}
    (block $R_END (loop $R
      (br_if $R_END (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $o (i32.mul (local.get $r) (local.get $width)))
      (local.set $sg (v128.const i32x4 0 0 0 0))
      (local.set $sgx (v128.const i32x4 0 0 0 0))
      ${columns('SUMS', `(local.set $dyv (v128.load ${rowAt('dy')}))
        (local.set $xv (v128.load ${rowAt('xhat')}))
        (local.set $g (f32x4.mul (local.get $dyv) (v128.load ${at('w')})))
        (local.set $sg (f32x4.add (local.get $sg) (local.get $g)))
        (local.set $sgx (f32x4.add (local.get $sgx) (f32x4.mul (local.get $g) (local.get $xv))))
        (v128.store ${at('dw')} (f32x4.add (v128.load ${at('dw')}) (f32x4.mul (local.get $dyv) (local.get $xv))))
        (v128.store ${at('db')} (f32x4.add (v128.load ${at('db')}) (local.get $dyv)))`)}
      (local.set $meanG (f32x4.splat (f32.div ${hsum('(local.get $sg)')} (f32.convert_i32_u (local.get $d)))))
      (local.set $meanGx (f32x4.splat (f32.div ${hsum('(local.get $sgx)')} (f32.convert_i32_u (local.get $d)))))
      (local.set $k (v128.load32_splat (i32.add (local.get $rstd) (i32.shl (local.get $r) (i32.const 2)))))
      ${columns('DX', `(v128.store ${rowAt('dx')} (f32x4.mul (local.get $k)
          (f32x4.sub (f32x4.sub (f32x4.mul (v128.load ${rowAt('dy')}) (v128.load ${at('w')})) (local.get $meanG)) (f32x4.mul (v128.load ${rowAt('xhat')}) (local.get $meanGx)))))`)}
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $R)))
  )`;
