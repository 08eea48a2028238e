/**
 * Column sums of a row-major [rows, cols] matrix (a bias gradient: dy summed over tokens), or of its squares
 * (a weight-normalised layer's column norms). tfjs-wasm's Sum reduces only innermost axes, so for axis 0 it
 * first transposes the whole matrix: ~1.5 ms for [788,768], ~0.24 s of an 8-pair ACE step; the DINO head's
 * [256,65536] norms as square, transpose and sum took ~60 ms. Here the rows stream once into an accumulator
 * row that stays in L1, in float32, row by row.
 */
const columnSum = (name: string, term: (x: string) => string, termScalar: (x: string) => string): string => `(func (export "${name}") (param $x i32) (param $rows i32) (param $cols i32) (param $out i32)
    (local $c i32) (local $r i32) (local $end i32) (local $o i32)
    (local.set $end (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $c (i32.const 0))
    (block $Z_END (loop $Z
      (br_if $Z_END (i32.ge_u (local.get $c) (local.get $end)))
      (f32.store (i32.add (local.get $out) (local.get $c)) (f32.const 0))
      (local.set $c (i32.add (local.get $c) (i32.const 4)))
      (br $Z)))
    (block $R_END (loop $R
      (br_if $R_END (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $c (i32.const 0))
      (block $V_END (loop $V
        (br_if $V_END (i32.gt_u (i32.add (local.get $c) (i32.const 16)) (local.get $end)))
        (local.set $o (i32.add (local.get $out) (local.get $c)))
        (v128.store (local.get $o) (f32x4.add (v128.load (local.get $o)) ${term('(v128.load (i32.add (local.get $x) (local.get $c)))')}))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $V)))
      (block $S_END (loop $S
        (br_if $S_END (i32.ge_u (local.get $c) (local.get $end)))
        (local.set $o (i32.add (local.get $out) (local.get $c)))
        (f32.store (local.get $o) (f32.add (f32.load (local.get $o)) ${termScalar('(f32.load (i32.add (local.get $x) (local.get $c)))')}))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $S)))
      (local.set $x (i32.add (local.get $x) (local.get $end)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $R)))
  )`;

/** Exports columnSum and columnSumSquares (x·x reads x twice: from L1, cheaper than a local's bookkeeping). */
export const COLUMN_SUMS = [
  columnSum('columnSum', (x) => x, (x) => x),
  columnSum('columnSumSquares', (x) => `(f32x4.mul ${x} ${x})`, (x) => `(f32.mul ${x} ${x})`),
].join('\n  ');
