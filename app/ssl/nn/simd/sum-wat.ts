import { hsum } from './wat';

/**
 * Column sums of a row-major [rows, cols] matrix (a bias gradient: dy summed over tokens). tfjs-wasm's Sum
 * reduces only innermost axes, so for axis 0 it first transposes the whole matrix: ~1.5 ms for [788,768],
 * ~0.24 s of an 8-pair ACE step. Here the rows stream once into an accumulator row that stays in L1, in
 * float32, row by row.
 */
export const COLUMN_SUM = `(func (export "columnSum") (param $x i32) (param $rows i32) (param $cols i32) (param $out i32)
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
        (v128.store (local.get $o) (f32x4.add (v128.load (local.get $o)) (v128.load (i32.add (local.get $x) (local.get $c)))))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $V)))
      (block $S_END (loop $S
        (br_if $S_END (i32.ge_u (local.get $c) (local.get $end)))
        (local.set $o (i32.add (local.get $out) (local.get $c)))
        (f32.store (local.get $o) (f32.add (f32.load (local.get $o)) (f32.load (i32.add (local.get $x) (local.get $c)))))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $S)))
      (local.set $x (i32.add (local.get $x) (local.get $end)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $R)))
  )`;

/**
 * Σ x² of each row of a row-major [rows, cols] matrix (the row norms of DINO's [65536, 256] weight-normalised
 * layer, one pass; square and Sum were two passes and a 64 MB temporary): four lanes of partial sums, then
 * the lanes and the tail. $rowSquares is one row, shared with AdamW's pass that writes that layer (adamw-wat),
 * so that the sums it leaves are these, bit for bit.
 */
export const ROW_SUM_SQUARES = `(func $rowSquares (param $x i32) (param $cols i32) (result f32)
    (local $c i32) (local $end i32) (local $acc v128) (local $v v128) (local $s f32) (local $t f32)
    (local.set $end (i32.shl (local.get $cols) (i32.const 2)))
    (block $V_END (loop $V
      (br_if $V_END (i32.gt_u (i32.add (local.get $c) (i32.const 16)) (local.get $end)))
      (local.set $v (v128.load (i32.add (local.get $x) (local.get $c))))
      (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $v) (local.get $v))))
      (local.set $c (i32.add (local.get $c) (i32.const 16)))
      (br $V)))
    (local.set $s ${hsum('(local.get $acc)')})
    (block $S_END (loop $S
      (br_if $S_END (i32.ge_u (local.get $c) (local.get $end)))
      (local.set $t (f32.load (i32.add (local.get $x) (local.get $c))))
      (local.set $s (f32.add (local.get $s) (f32.mul (local.get $t) (local.get $t))))
      (local.set $c (i32.add (local.get $c) (i32.const 4)))
      (br $S)))
    (local.get $s))
  (func (export "rowSumSquares") (param $x i32) (param $rows i32) (param $cols i32) (param $out i32)
    (local $r i32)
    (block $R_END (loop $R
      (br_if $R_END (i32.ge_u (local.get $r) (local.get $rows)))
      (f32.store (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 2))) (call $rowSquares (local.get $x) (local.get $cols)))
      (local.set $x (i32.add (local.get $x) (i32.shl (local.get $cols) (i32.const 2))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $R)))
  )`;
