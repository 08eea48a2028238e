import { forLoop, shuffle } from './wat';

/**
 * Transposes for the wasm heap. tfjs-wasm's Transpose moves one element at a time (~2.3 ns per float: 1.4 ms
 * for a [788,768] activation, 104 ms a step for the DINO head's [256,65536] weight); here
 *  - transpose2d(src, rows, cols, dst, from, to) moves the source columns [from, to) (from a multiple of 4; two
 *    threads take a range each) in 4×4 blocks through registers (four loads, eight shuffles, four stores),
 *    32 columns at a time so that both sides stream; ragged edges in scalar code;
 *  - swapMiddle(src, b, x, y, z, dst) is [b,x,y,z] → [b,y,x,z] (a head split or merge) as copies of whole
 *    rows of z floats, z a multiple of 4.
 */
const TILE = 32;
/** dst[c][r] = src[r][c] for the loop counters $r, $c. */
const ELEMENT = `(f32.store (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $c) (local.get $rows)) (local.get $r)) (i32.const 2)))
          (f32.load (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $cols)) (local.get $c)) (i32.const 2)))))`;

export const TRANSPOSE = `(func (export "transpose2d") (param $src i32) (param $rows i32) (param $cols i32) (param $dst i32) (param $from i32) (param $to i32)
    (local $r i32) (local $c i32) (local $c0 i32) (local $c1 i32) (local $rows4 i32) (local $cols4 i32) (local $s i32) (local $d i32)
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $c0 (local.get $from))
    (local.set $rows4 (i32.and (local.get $rows) (i32.const -4)))
    (local.set $cols4 (i32.and (local.get $to) (i32.const -4)))
    (block $C0_END (loop $C0
      (br_if $C0_END (i32.ge_u (local.get $c0) (local.get $cols4)))
      (local.set $c1 (i32.add (local.get $c0) (i32.const ${TILE})))
      (if (i32.gt_u (local.get $c1) (local.get $cols4)) (then (local.set $c1 (local.get $cols4))))
      (local.set $r (i32.const 0))
      (block $R_END (loop $R
        (br_if $R_END (i32.ge_u (local.get $r) (local.get $rows4)))
        (local.set $c (local.get $c0))
        (block $C_END (loop $C
          (br_if $C_END (i32.ge_u (local.get $c) (local.get $c1)))
          (local.set $s (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $cols)) (local.get $c)) (i32.const 2))))
          (local.set $r0 (v128.load (local.get $s)))
          (local.set $r1 (v128.load (i32.add (local.get $s) (i32.shl (local.get $cols) (i32.const 2)))))
          (local.set $r2 (v128.load (i32.add (local.get $s) (i32.shl (local.get $cols) (i32.const 3)))))
          (local.set $r3 (v128.load (i32.add (local.get $s) (i32.mul (local.get $cols) (i32.const 12)))))
          (local.set $t0 ${shuffle('r0', 'r1', 0, 4, 1, 5)})
          (local.set $t1 ${shuffle('r0', 'r1', 2, 6, 3, 7)})
          (local.set $t2 ${shuffle('r2', 'r3', 0, 4, 1, 5)})
          (local.set $t3 ${shuffle('r2', 'r3', 2, 6, 3, 7)})
          (local.set $d (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $c) (local.get $rows)) (local.get $r)) (i32.const 2))))
          (v128.store (local.get $d) ${shuffle('t0', 't2', 0, 1, 4, 5)})
          (v128.store (i32.add (local.get $d) (i32.shl (local.get $rows) (i32.const 2))) ${shuffle('t0', 't2', 2, 3, 6, 7)})
          (v128.store (i32.add (local.get $d) (i32.shl (local.get $rows) (i32.const 3))) ${shuffle('t1', 't3', 0, 1, 4, 5)})
          (v128.store (i32.add (local.get $d) (i32.mul (local.get $rows) (i32.const 12))) ${shuffle('t1', 't3', 2, 3, 6, 7)})
          (local.set $c (i32.add (local.get $c) (i32.const 4)))
          (br $C)))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $R)))
      (local.set $c0 (local.get $c1))
      (br $C0)))
    ;; ragged edges: the last rows (the range's columns), then the range's last columns of the other rows
    ${forLoop('ER', 'r', '(local.get $rows4)', '(local.get $rows)', 1, forLoop('EC', 'c', '(local.get $from)', '(local.get $to)', 1, ELEMENT))}
    ${forLoop('FC', 'c', '(local.get $cols4)', '(local.get $to)', 1, forLoop('FR', 'r', '(i32.const 0)', '(local.get $rows4)', 1, ELEMENT))}
  )
  (func (export "swapMiddle") (param $src i32) (param $b i32) (param $x i32) (param $y i32) (param $z i32) (param $dst i32)
    (local $ib i32) (local $ix i32) (local $iy i32) (local $j i32) (local $row i32) (local $s i32) (local $d i32)
    (local.set $row (i32.shl (local.get $z) (i32.const 2)))
    (block $B_END (loop $B
      (br_if $B_END (i32.ge_u (local.get $ib) (local.get $b)))
      (local.set $ix (i32.const 0))
      (block $X_END (loop $X
        (br_if $X_END (i32.ge_u (local.get $ix) (local.get $x)))
        (local.set $iy (i32.const 0))
        (block $Y_END (loop $Y
          (br_if $Y_END (i32.ge_u (local.get $iy) (local.get $y)))
          (local.set $s (i32.add (local.get $src) (i32.mul (local.get $row) (i32.add (i32.mul (i32.add (i32.mul (local.get $ib) (local.get $x)) (local.get $ix)) (local.get $y)) (local.get $iy)))))
          (local.set $d (i32.add (local.get $dst) (i32.mul (local.get $row) (i32.add (i32.mul (i32.add (i32.mul (local.get $ib) (local.get $y)) (local.get $iy)) (local.get $x)) (local.get $ix)))))
          (local.set $j (i32.const 0))
          (block $J_END (loop $J
            (br_if $J_END (i32.ge_u (local.get $j) (local.get $row)))
            (v128.store (i32.add (local.get $d) (local.get $j)) (v128.load (i32.add (local.get $s) (local.get $j))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $J)))
          (local.set $iy (i32.add (local.get $iy) (i32.const 1)))
          (br $Y)))
        (local.set $ix (i32.add (local.get $ix) (i32.const 1)))
        (br $X)))
      (local.set $ib (i32.add (local.get $ib) (i32.const 1)))
      (br $B)))
  )`;
