import { add, get, i32, mul, multiplyAdd, shuffle } from './wat';

/**
 * WebAssembly text of our float32 GEMM for the wasm backend's heap. XNNPACK as built into tfjs-wasm 4.22 runs
 * a ViT-T layer's product ([1576,192]·[192,576]) at ~24 GFLOP/s on the 2-core CI machines; a 4×8 register
 * tile (8 accumulators, a broadcast of A's row value against two vectors of a packed B panel) reaches ~40, and
 * ~47 with the relaxed-SIMD fused multiply-add.
 *
 * Layout: A read through strides in bytes, A[i][q] at a + i·rs + q·ks (row-major: rs = 4k, ks = 4; a transposed
 * operand: rs = 4, ks = 4m), a block at a time packed into the scratch for the micro-kernels; B as panels of 8 columns, the 8 floats of row q of panel p at
 * b + p·bps + q·bks: packed by `pack` ([ceil(n/8)][k][8], zero-padded: bks = 32, bps = 32k) or, for a few
 * rows of A where packing would cost more than it saves, read in place from a row-major B whose n is a
 * multiple of 8 (bks = 4n, bps = 32); C row-major [m,n] with rows ldc bytes apart (4n, or wider for a slice of
 * a wider matrix), plus a bias row when `bias` ≠ 0 (padded to whole panels: the accumulators start from it),
 * plus a matrix laid out as C when `start` ≠ 0 (a residual: C = start + A·B + bias; start may be C itself); with
 * `scaled` = SCALE_COLUMNS the bias row scales the start instead, C = start ⊙ bias + A·B, and with SCALE_ROWS
 * `bias` is a vector of m factors, one per row of the start (DINO's weight-norm gradient, whose start
 * −v ⊙ t/‖v‖² would otherwise be a separate pass over a 64 MB matrix).
 * Pointers are byte offsets into the heap. `gemm` covers the panels [p0, p1) so that two threads can split one
 * product; `tile` is GEMM_SCRATCH_BYTES of scratch per thread (the ragged last panel's tile and the packed A block).
 */
const ROWS = 4;
/** A C (and start) of at least this many bytes is touched a row block at a time (see GEMM). */
const TOUCH_C_BYTES = 1 << 23;
/** Rows of A per cache block (a multiple of ROWS). */
const BLOCK_ROWS = 64;
/** Rows a thread claims at a time once fewer than 4 blocks are left in a split product (a multiple of ROWS). */
const TAIL_ROWS = 16;
/** The longest k chunk a packed A block holds: with 64 rows, 128 KB (in Zen 3's 512 KB L2 with B's panels), and B's panel 16 KB of L1. */
const PACK_KC = 512;
/**
 * Bytes of scratch a gemm call takes per thread: the ragged panel's 128-byte tile, the packed A block, and a
 * cache line for the row-block counter of a product split between threads (see gemmClaimAt).
 */
export const GEMM_SCRATCH_BYTES = 128 + BLOCK_ROWS * PACK_KC * 4 + 64;
/** The counter two threads splitting a product's rows claim blocks from: in the first thread's scratch, zeroed first. */
export const gemmClaimAt = (scratch: number): number => scratch + GEMM_SCRATCH_BYTES - 64;
/** `scaled` modes: the start's columns scaled by the bias row, or its rows by a vector of m scales. */
const SCALE_COLUMNS = 1;
const SCALE_ROWS = 2;
export type StartScale = 'columns' | 'rows';
/** The kernel's `scaled` argument for a scaling of the start (none: 0). */
export const scaleCode = (scale?: StartScale): number => (scale === 'rows' ? SCALE_ROWS : scale === 'columns' ? SCALE_COLUMNS : 0);


/**
 * C[rows×8] = A[rows×k]·Bpanel[k×8] for `groups` row groups in turn (C, the start and row factors ROWS rows on
 * each time), from a packed A (see PACK_A: the rows' values for one k are 16 bytes together): per k, two loads
 * of B and one broadcast load per row, at constant offsets from two pointers (V8 keeps a base register per
 * offset, outside the loop), and the loop ends on an address.
 *
 * Taking the groups inside one call puts the k loop inside another, which V8 unrolls: two k a turn with one
 * interrupt check: 41 instructions per 16 FMAs against 26 per 8 before. The instructions beyond the loads and
 * FMAs are what limits a Zen 3 core whose twin is busy with another VM: a loop of FMAs alone keeps its speed
 * there, one with loads and address arithmetic loses up to half. (When A was read through strides, V8 also ran
 * out of registers and kept the loop counter on the stack: ~10–30% of the products' speed on Zen 3.)
 */
function microKernel(rows: number, fma: boolean): string {
  const acc = Array.from({ length: rows }, (_, r) => [`$c${r}0`, `$c${r}1`]);
  const madd = (a: string, b: string, c: string): string => multiplyAdd(fma, `(local.get ${a})`, `(local.get ${b})`, `(local.get ${c})`);
  /** Row r of a matrix whose rows are `stride` bytes apart, from `base`. */
  const rowAt = (base: string, stride: string, r: number): string => (r === 0 ? get(base) : add(get(base), mul(get(stride), i32(r))));
  const step = `(local.set $b0 (v128.load ${get('bp')}))
      (local.set $b1 (v128.load offset=16 ${get('bp')}))
      ${acc
        .map(([c0, c1], r) => `(local.set $av (v128.load32_splat offset=${4 * r} ${get('a')}))
      (local.set ${c0} ${madd('$av', '$b0', c0 as string)})
      (local.set ${c1} ${madd('$av', '$b1', c1 as string)})`)
        .join('\n      ')}
      (local.set $a ${add(get('a'), i32(4 * ROWS))})
      (local.set $bp ${add(get('bp'), get('bks'))})`;
  const stores = acc
    .map(([c0, c1], r) => `(v128.store ${rowAt('c', 'ldc', r)} (local.get ${c0})) (v128.store offset=16 ${rowAt('c', 'ldc', r)} (local.get ${c1}))`)
    .join('\n    ');
  // The accumulators enter the k loop from C, whatever started them: from the several paths of the start, V8
  // gave the unrolled loop's two halves different registers and moved all eight between them every turn.
  const reload = acc
    .map(([c0, c1], r) => `(local.set ${c0} (v128.load ${rowAt('c', 'ldc', r)})) (local.set ${c1} (v128.load offset=16 ${rowAt('c', 'ldc', r)}))`)
    .join('\n    ');
  const zero = acc.flat().map((name) => `(local.set ${name} (v128.const i32x4 0 0 0 0))`).join(' ');
  const fromBias = acc.map(([c0, c1]) => `(local.set ${c0} (v128.load ${get('bias')})) (local.set ${c1} (v128.load offset=16 ${get('bias')}))`).join(' ');
  const plusStart = acc
    .map(([c0, c1], r) => `(local.set ${c0} (f32x4.add (local.get ${c0}) (v128.load ${rowAt('start', 'ldc', r)}))) (local.set ${c1} (f32x4.add (local.get ${c1}) (v128.load offset=16 ${rowAt('start', 'ldc', r)})))`)
    .join('\n      ');
  const scaledStart = (scale: (r: number, offset: number) => string): string =>
    acc
      .map(([c0, c1], r) => `(local.set ${c0} (f32x4.mul (v128.load ${rowAt('start', 'ldc', r)}) ${scale(r, 0)})) (local.set ${c1} (f32x4.mul (v128.load offset=16 ${rowAt('start', 'ldc', r)}) ${scale(r, 16)}))`)
      .join('\n      ');
  const byColumn = scaledStart((_, offset) => `(v128.load offset=${offset} ${get('bias')})`);
  const byRow = scaledStart((r) => `(v128.load32_splat offset=${4 * r} ${get('bias')})`);
  return `(func $mk${rows} (param $a i32) (param $b i32) (param $bks i32) (param $c i32) (param $ldc i32) (param $k i32) (param $bias i32) (param $start i32) (param $scaled i32) (param $groups i32)
    ${acc.flat().map((n) => `(local ${n} v128)`).join(' ')} (local $b0 v128) (local $b1 v128) (local $av v128) (local $end i32) (local $bp i32)
    (loop $G
      (local.set $end ${add(get('a'), `(i32.shl ${get('k')} ${i32(4)})`)})
      (local.set $bp ${get('b')})
      (if ${get('scaled')}
        (then (if (i32.eq ${get('scaled')} ${i32(SCALE_ROWS)}) (then ${byRow}) (else ${byColumn})))
        (else
          (if ${get('bias')} (then ${fromBias}) (else ${zero}))
          (if ${get('start')} (then ${plusStart}))))
      ${stores}
      ${reload}
      (loop $K
        ${step}
        (br_if $K (i32.ne ${get('a')} ${get('end')})))
      ${stores}
      ;; The next group: its packed A follows this one's; C, the start and row factors move on ${ROWS} rows.
      (local.set $c ${add(get('c'), `(i32.shl ${get('ldc')} ${i32(2)})`)})
      (local.set $start (select ${add(get('start'), `(i32.shl ${get('ldc')} ${i32(2)})`)} ${i32(0)} ${get('start')}))
      (if (i32.eq ${get('scaled')} ${i32(SCALE_ROWS)}) (then (local.set $bias ${add(get('bias'), i32(4 * ROWS))})))
      (local.set $groups (i32.sub ${get('groups')} ${i32(1)}))
      (br_if $G ${get('groups')})))`;
}

/** Dispatch on the row count of the last, short row block (1..ROWS). */
function rowsDispatch(): string {
  const call = (r: number): string => `(call $mk${r} ${get('a')} ${get('b')} ${get('bks')} ${get('c')} ${get('ldc')} ${get('k')} ${get('bias')} ${get('start')} ${get('scaled')} ${get('groups')})`;
  let chain = call(ROWS);
  for (let r = ROWS - 1; r >= 1; r--) chain = `(if (i32.eq ${get('rows')} ${i32(r)}) (then ${call(r)}) (else ${chain}))`;
  return `(func $mkRows (param $rows i32) (param $a i32) (param $b i32) (param $bks i32) (param $c i32) (param $ldc i32) (param $k i32) (param $bias i32) (param $start i32) (param $scaled i32) (param $groups i32)
    ${chain})`;
}

type Four = [string, string, string, string];

/**
 * The 4×4 transpose of the f32x4 locals `rows` (by way of the locals $t0–$t3), its row j stored at
 * `to` + offset(j) bytes.
 */
function storeTransposed([a0, a1, a2, a3]: Four, to: string, offset: (j: number) => number): string {
  const row = [shuffle('t0', 't2', 0, 1, 4, 5), shuffle('t0', 't2', 2, 3, 6, 7), shuffle('t1', 't3', 0, 1, 4, 5), shuffle('t1', 't3', 2, 3, 6, 7)];
  return `(local.set $t0 ${shuffle(a0, a1, 0, 4, 1, 5)}) (local.set $t1 ${shuffle(a0, a1, 2, 6, 3, 7)})
            (local.set $t2 ${shuffle(a2, a3, 0, 4, 1, 5)}) (local.set $t3 ${shuffle(a2, a3, 2, 6, 3, 7)})
            ${row.map((value, j) => `(v128.store offset=${offset(j)} ${to} ${value})`).join('\n            ')}`;
}

/**
 * Packs `rows` rows of A (A[i][q] at a + i·rs + q·ks, bytes) over kk values of q into groups of ROWS rows,
 * group g at dst + g·16·kk, A[4g + r][q] at +16q + 4r (a short last group leaves its missing lanes unwritten:
 * its micro-kernel reads only its rows). A row-major group moves four q at a time through a register
 * transpose, a transposed one (rs = 4) a q at a time as one load; other strides one float at a time.
 */
const PACK_A = `(func $packA (param $a i32) (param $rs i32) (param $ks i32) (param $rows i32) (param $kk i32) (param $dst i32)
    (local $n i32) (local $q i32) (local $r i32) (local $at i32) (local $to i32) (local $q4 i32)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (block $G_END (loop $G
      (br_if $G_END (i32.eqz ${get('rows')}))
      (local.set $n (select ${get('rows')} ${i32(ROWS)} (i32.lt_u ${get('rows')} ${i32(ROWS)})))
      (local.set $q ${i32(0)})
      (if (i32.eq ${get('n')} ${i32(ROWS)})
        (then
          (if (i32.eq ${get('ks')} ${i32(4)})
            (then
              (local.set $q4 (i32.and ${get('kk')} ${i32(-4)}))
              (block $Q4_END (loop $Q4
                (br_if $Q4_END (i32.ge_u ${get('q')} ${get('q4')}))
                (local.set $at ${add(get('a'), `(i32.shl ${get('q')} ${i32(2)})`)})
                (local.set $c0 (v128.load ${get('at')}))
                (local.set $c1 (v128.load ${add(get('at'), get('rs'))}))
                (local.set $c2 (v128.load ${add(get('at'), mul(get('rs'), i32(2)))}))
                (local.set $c3 (v128.load ${add(get('at'), mul(get('rs'), i32(3)))}))
                (local.set $to ${add(get('dst'), `(i32.shl ${get('q')} ${i32(4)})`)})
                ${storeTransposed(['c0', 'c1', 'c2', 'c3'], get('to'), (j) => 16 * j)}
                (local.set $q (i32.add ${get('q')} ${i32(4)}))
                (br $Q4))))
            (else (if (i32.eq ${get('rs')} ${i32(4)})
              (then
                (local.set $at ${get('a')})
                (local.set $to ${get('dst')})
                (local.set $q4 ${add(get('dst'), `(i32.shl ${get('kk')} ${i32(4)})`)})
                (block $T_END (loop $T
                  (br_if $T_END (i32.ge_u ${get('to')} ${get('q4')}))
                  (v128.store ${get('to')} (v128.load ${get('at')}))
                  (local.set $at ${add(get('at'), get('ks'))})
                  (local.set $to ${add(get('to'), i32(16))})
                  (br $T)))
                (local.set $q ${get('kk')})))))))
      ;; What the vector paths left: every q of a short group or another stride, the last kk mod 4 of a row-major one.
      (block $S_END (loop $S
        (br_if $S_END (i32.ge_u ${get('q')} ${get('kk')}))
        (local.set $r ${i32(0)})
        (loop $R
          (f32.store ${add(get('dst'), add(`(i32.shl ${get('q')} ${i32(4)})`, `(i32.shl ${get('r')} ${i32(2)})`))}
            (f32.load ${add(get('a'), add(mul(get('r'), get('rs')), mul(get('q'), get('ks'))))}))
          (local.set $r (i32.add ${get('r')} ${i32(1)}))
          (br_if $R (i32.lt_u ${get('r')} ${get('n')})))
        (local.set $q (i32.add ${get('q')} ${i32(1)}))
        (br $S)))
      (local.set $a ${add(get('a'), mul(get('rs'), i32(ROWS)))})
      (local.set $dst ${add(get('dst'), `(i32.shl ${get('kk')} ${i32(4)})`)})
      (local.set $rows (i32.sub ${get('rows')} ${get('n')}))
      (br $G)))
  )`;

/** Four rows kk..kk+3 of a full panel when B's rows are adjacent floats (sk = 4): 8 loads, two 4×4 transposes. */
function packFourRows(): string {
  const loads = Array.from({ length: 8 }, (_, j) => `(local.set $c${j} (v128.load (i32.add (local.get $at) (i32.mul (local.get $sn) (i32.const ${j})))))`).join('\n            ');
  const half = (o: number): string => storeTransposed([0, 1, 2, 3].map((j) => `c${j + o}`) as Four, get('dst'), (j) => 32 * j + 16 * (o / 4));
  return `(local.set $at (i32.add (local.get $row) (i32.mul (i32.shl (local.get $p) (i32.const 3)) (local.get $sn))))
            ${loads}
            ${half(0)}
            ${half(4)}`;
}

/**
 * Whole panels [p, p + G) of a row-major B (float stride 4) from row q's 32·G contiguous bytes, per row:
 * every cache line of B is read once and whole. A panel at a time read 32 bytes of each row; for rows 3 KB
 * apart (n = 768) those lines fell into 4 of the 64 L1 sets and were evicted before the next panel read
 * their second half (a [788, 768] B: 1.3 ms → 0.2 ms).
 */
function panelGroup(label: string, g: number): string {
  const stores = Array.from({ length: g }, (_, j) => {
    const to = j === 0 ? get('to') : `(i32.add ${get('to')} (i32.mul ${get('stride')} ${i32(j)}))`;
    return `(v128.store ${to} (v128.load offset=${32 * j} ${get('from')})) (v128.store offset=16 ${to} (v128.load offset=${32 * j + 16} ${get('from')}))`;
  });
  return `(block $${label}_END (loop $${label}
      (br_if $${label}_END (i32.gt_u (i32.add ${get('p')} ${i32(g)}) ${get('full')}))
      (local.set $from (i32.add ${get('b')} (i32.shl ${get('p')} ${i32(5)})))
      (local.set $to (i32.add ${get('dst')} (i32.mul ${get('p')} ${get('stride')})))
      (local.set $end (i32.add ${get('to')} ${get('stride')}))
      (loop $${label}_ROW
        ${stores.join('\n        ')}
        (local.set $from (i32.add ${get('from')} ${get('sk')}))
        (local.set $to (i32.add ${get('to')} ${i32(32)}))
        (br_if $${label}_ROW (i32.lt_u ${get('to')} ${get('end')})))
      (local.set $p (i32.add ${get('p')} ${i32(g)}))
      (br $${label})))`;
}

/** The whole panels of a row-major B, four at a time, then one at a time; returns how many there were. */
const PACK_ROWS = `(func $packRows (param $b i32) (param $k i32) (param $n i32) (param $sk i32) (param $dst i32) (result i32)
    (local $p i32) (local $full i32) (local $stride i32) (local $from i32) (local $to i32) (local $end i32)
    (local.set $full (i32.shr_u ${get('n')} ${i32(3)}))
    (local.set $stride (i32.shl ${get('k')} ${i32(5)}))
    ${panelGroup('G4', 4)}
    ${panelGroup('G1', 1)}
    ${get('full')})`;

/**
 * Packs B into zero-padded panels of 8 columns; B[q][j] at b + q·sk + j·sn (bytes): row-major [k,n] is
 * (4n, 4), a transposed [n,k] is (4, 4k), and a slice of a wider matrix (an attention head's columns) has the
 * wider row stride. Whole panels of a row-major B go through packRows; four rows of a transposed B move
 * through register transposes; ragged panels and edges one float at a time.
 */
const PACK = `(func $pack (export "pack") (param $b i32) (param $k i32) (param $n i32) (param $sk i32) (param $sn i32) (param $dst i32)
    (local $p i32) (local $kk i32) (local $v i32) (local $col i32) (local $panels i32) (local $row i32) (local $full i32) (local $at i32)
    ${Array.from({ length: 8 }, (_, j) => `(local $c${j} v128)`).join(' ')} (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $panels (i32.shr_u (i32.add (local.get $n) (i32.const 7)) (i32.const 3)))
    (if (i32.eq (local.get $sn) (i32.const 4))
      (then
        (local.set $p (call $packRows (local.get $b) (local.get $k) (local.get $n) (local.get $sk) (local.get $dst)))
        (local.set $dst (i32.add (local.get $dst) (i32.mul (local.get $p) (i32.shl (local.get $k) (i32.const 5)))))))
    (block $P_END (loop $P
      (br_if $P_END (i32.ge_u (local.get $p) (local.get $panels)))
      (local.set $full (i32.le_u (i32.shl (i32.add (local.get $p) (i32.const 1)) (i32.const 3)) (local.get $n)))
      (local.set $kk (i32.const 0))
      (block $K_END (loop $K
        (br_if $K_END (i32.ge_u (local.get $kk) (local.get $k)))
        (local.set $row (i32.add (local.get $b) (i32.mul (local.get $kk) (local.get $sk))))
        (if (i32.and (i32.and (local.get $full) (i32.eq (local.get $sk) (i32.const 4))) (i32.le_u (i32.add (local.get $kk) (i32.const 4)) (local.get $k)))
          (then
            ${packFourRows()}
            (local.set $dst (i32.add (local.get $dst) (i32.const 128)))
            (local.set $kk (i32.add (local.get $kk) (i32.const 4))))
          (else
            (local.set $v (i32.const 0))
            (loop $V
              (local.set $col (i32.add (i32.shl (local.get $p) (i32.const 3)) (local.get $v)))
              (f32.store (i32.add (local.get $dst) (i32.shl (local.get $v) (i32.const 2)))
                (if (result f32) (i32.ge_u (local.get $col) (local.get $n))
                  (then (f32.const 0))
                  (else (f32.load (i32.add (local.get $row) (i32.mul (local.get $col) (local.get $sn)))))))
              (local.set $v (i32.add (local.get $v) (i32.const 1)))
              (br_if $V (i32.lt_u (local.get $v) (i32.const 8))))
            (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
            (local.set $kk (i32.add (local.get $kk) (i32.const 1)))))
        (br $K)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $P)))
  )`;

/**
 * Reads `rows` rows of `bytes` bytes, `stride` bytes apart, one load per cache line in address order, into the
 * 16-byte scratch `sink` (so the loads stay). The hardware prefetchers follow one ascending stream per page;
 * a micro-kernel reads four rows of A at once (four streams in one page when rows are 1 KB, as in DINO's
 * [65536, 256] weight) or a column panel of B read in place (one line per 1 KB row): both stall on memory
 * unless the block is brought in by a pass in address order first.
 */
const TOUCH = `(func $touch (param $from i32) (param $rows i32) (param $stride i32) (param $bytes i32) (param $sink i32)
    (local $at i32) (local $end i32) (local $acc v128)
    (block $R_END (loop $R
      (br_if $R_END (i32.eqz (local.get $rows)))
      (local.set $at (local.get $from))
      (local.set $end (i32.add (local.get $from) (local.get $bytes)))
      (block $L_END (loop $L
        (br_if $L_END (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $acc (v128.or (local.get $acc) (v128.load32_splat (local.get $at))))
        (local.set $at (i32.add (local.get $at) (i32.const 64)))
        (br $L)))
      (local.set $from (i32.add (local.get $from) (local.get $stride)))
      (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
      (br $R)))
    (v128.store (local.get $sink) (local.get $acc)))`;

/**
 * C = A·B over the panels [p0, p1), a block of BLOCK_ROWS rows of A at a time, packed (PACK_A) so that it
 * stays in cache as one stream while every panel passes it, and C is written in whole rows (panel-major order over all of A wrote
 * each cache line of a large C in several far-apart halves). A full panel is written in place; a ragged last
 * panel goes through the tile and only its valid columns are copied out. k must be ≥ 1.
 *
 * k is taken in chunks of kc (0: whole), each block of rows through all its chunks in turn: a B read in place
 * with a long k (a [65536, 256] weight under 8 rows: one block) has panels of k·bks bytes, far beyond L2, and
 * every panel and row group would stream it from memory again; a chunk of B stays in L2 while they all pass
 * it. A k longer than PACK_KC is chunked too, for the packed block's size. Chunks after the first start from
 * C as it stands, so the accumulators see the same terms in the same order as without chunks.
 *
 * `claim`: 0, or the heap offset of a zeroed i32 that two threads calling with the same rows and panels take
 * blocks from (see gemmClaimAt); each block is computed by one of them, as it would be by one thread alone.
 */
const GEMM = `(func $gemm (export "gemm") (param $a i32) (param $rs i32) (param $ks i32) (param $bp i32) (param $bks i32) (param $bps i32) (param $c i32) (param $ldc i32) (param $m i32) (param $k i32) (param $n i32) (param $p0 i32) (param $p1 i32) (param $tile i32) (param $bias i32) (param $start i32) (param $scaled i32) (param $kc i32) (param $claim i32)
    (local $bias0 i32) (local $start0 i32) (local $scaled0 i32) (local $sp i32) (local $pb i32) (local $p i32) (local $i i32) (local $i0 i32) (local $i1 i32) (local $b i32) (local $cols i32) (local $rows i32) (local $cp i32) (local $r i32) (local $j i32)
    (local $k0 i32) (local $kk i32) (local $ak i32) (local $bk i32) (local $mb i32) (local $span i32) (local $ap i32) (local $at i32) (local $g i32) (local $size i32)
    ;; The micro-kernels read $scaled as "scale the start": set only when there is a start.
    (local.set $scaled (select (local.get $scaled) (i32.const 0) (local.get $start)))
    ;; Chunks of k after the first start from C: each row block starts from these.
    (local.set $bias0 (local.get $bias))
    (local.set $start0 (local.get $start))
    (local.set $scaled0 (local.get $scaled))
    (if (i32.or (i32.eqz (local.get $kc)) (i32.gt_u (local.get $kc) (local.get $k))) (then (local.set $kc (local.get $k))))
    ;; Longer than a packed block holds: the fewest chunks that fit, of equal length.
    (if (i32.gt_u (local.get $kc) (i32.const ${PACK_KC}))
      (then
        (local.set $kc (i32.div_u (i32.add (local.get $k) (i32.const ${PACK_KC - 1})) (i32.const ${PACK_KC})))
        (local.set $kc (i32.div_u (i32.add (local.get $k) (i32.sub (local.get $kc) (i32.const 1))) (local.get $kc)))))
    (local.set $ap (i32.add (local.get $tile) (i32.const 128)))
    ;; Bytes of a row of C in the panels [p0, p1) (32 per panel, the ragged last one only to the row's end)
    ;; when C spans at least ${TOUCH_C_BYTES >> 20} MB, else 0.
    (if (i32.ge_u (i32.mul (local.get $m) (local.get $ldc)) (i32.const ${TOUCH_C_BYTES}))
      (then
        (local.set $span (i32.shl (i32.sub (local.get $p1) (local.get $p0)) (i32.const 5)))
        (if (i32.gt_u (local.get $span) (i32.sub (i32.shl (local.get $n) (i32.const 2)) (i32.shl (local.get $p0) (i32.const 5))))
          (then (local.set $span (i32.sub (i32.shl (local.get $n) (i32.const 2)) (i32.shl (local.get $p0) (i32.const 5))))))))
    (block $I0_END (loop $I0
      ;; The next block of rows: claimed from the shared counter when two threads split the rows (whichever is
      ;; free takes it, so neither waits for the other beyond a small last block), else the one after.
      (local.set $size (i32.const ${BLOCK_ROWS}))
      (if (local.get $claim)
        (then (loop $CLAIM
          (local.set $i0 (i32.atomic.load (local.get $claim)))
          (br_if $I0_END (i32.ge_u (local.get $i0) (local.get $m)))
          (local.set $size (select (i32.const ${BLOCK_ROWS}) (i32.const ${TAIL_ROWS}) (i32.ge_u (i32.sub (local.get $m) (local.get $i0)) (i32.const ${4 * BLOCK_ROWS}))))
          (br_if $CLAIM (i32.ne (i32.atomic.rmw.cmpxchg (local.get $claim) (local.get $i0) (i32.add (local.get $i0) (local.get $size))) (local.get $i0)))))
        (else (local.set $i0 (local.get $i1))))
      (br_if $I0_END (i32.ge_u (local.get $i0) (local.get $m)))
      (local.set $i1 (i32.add (local.get $i0) (local.get $size)))
      (if (i32.gt_u (local.get $i1) (local.get $m)) (then (local.set $i1 (local.get $m))))
      (local.set $k0 (i32.const 0))
      (local.set $bias (local.get $bias0))
      (local.set $start (local.get $start0))
      (local.set $scaled (local.get $scaled0))
      (loop $K0
        (local.set $kk (i32.sub (local.get $k) (local.get $k0)))
        (if (i32.gt_u (local.get $kk) (local.get $kc)) (then (local.set $kk (local.get $kc))))
        (local.set $ak (i32.add (local.get $a) (i32.mul (local.get $k0) (local.get $ks))))
        (local.set $bk (i32.add (local.get $bp) (i32.mul (local.get $k0) (local.get $bks))))
        ;; A chunk of B read in place: touched in row order first (see $touch).
        (if (i32.and (i32.lt_u (local.get $kc) (local.get $k)) (i32.eq (local.get $bps) (i32.const 32)))
          (then (call $touch (i32.add (local.get $bk) (i32.shl (local.get $p0) (i32.const 5))) (local.get $kk) (local.get $bks) (i32.shl (i32.sub (local.get $p1) (local.get $p0)) (i32.const 5)) (local.get $tile))))
        ;; A row-major block of A, touched in row order before it is packed: packing reads four rows at once
        ;; (DINO's [65536, 256] weight times 8 rows: 18.4 GFLOP/s with the touch, 14.4 without).
        (if (i32.eq (local.get $ks) (i32.const 4))
          (then (call $touch (i32.add (local.get $ak) (i32.mul (local.get $i0) (local.get $rs))) (i32.sub (local.get $i1) (local.get $i0)) (local.get $rs) (i32.shl (local.get $kk) (i32.const 2)) (local.get $tile))))
        (call $packA (i32.add (local.get $ak) (i32.mul (local.get $i0) (local.get $rs))) (local.get $rs) (local.get $ks) (i32.sub (local.get $i1) (local.get $i0)) (local.get $kk) (local.get $ap))
        ;; So are this block's rows of a C and a start far larger than the caches (DINO's weight gradient): the
        ;; panels visit them a column strip at a time. Cache-sized ones are more often warm already.
        (if (local.get $span)
          (then
            (local.set $cp (i32.add (i32.mul (local.get $i0) (local.get $ldc)) (i32.shl (local.get $p0) (i32.const 5))))
            (call $touch (i32.add (local.get $c) (local.get $cp)) (i32.sub (local.get $i1) (local.get $i0)) (local.get $ldc) (local.get $span) (local.get $tile))
            (if (local.get $start)
              (then (call $touch (i32.add (local.get $start) (local.get $cp)) (i32.sub (local.get $i1) (local.get $i0)) (local.get $ldc) (local.get $span) (local.get $tile))))))
        (local.set $p (local.get $p0))
        (block $P_END (loop $P
          (br_if $P_END (i32.ge_u (local.get $p) (local.get $p1)))
          (local.set $b (i32.add (local.get $bk) (i32.mul (local.get $p) (local.get $bps))))
          (local.set $pb (select (i32.add (local.get $bias) (i32.shl (local.get $p) (i32.const 5))) (i32.const 0) (local.get $bias)))
          (local.set $cols (i32.sub (local.get $n) (i32.shl (local.get $p) (i32.const 3))))
          (if (i32.gt_u (local.get $cols) (i32.const 8)) (then (local.set $cols (i32.const 8))))
          (local.set $i (local.get $i0))
          (block $I_END (loop $I
            (br_if $I_END (i32.ge_u (local.get $i) (local.get $i1)))
            (local.set $rows (i32.sub (local.get $i1) (local.get $i)))
            (if (i32.gt_u (local.get $rows) (i32.const ${ROWS})) (then (local.set $rows (i32.const ${ROWS}))))
            (local.set $cp (i32.add (local.get $c) (i32.add (i32.mul (local.get $i) (local.get $ldc)) (i32.shl (local.get $p) (i32.const 5)))))
            ;; This row group in the packed block.
            (local.set $at (i32.add (local.get $ap) (i32.mul (i32.sub (local.get $i) (local.get $i0)) (i32.shl (local.get $kk) (i32.const 2)))))
            (local.set $sp (select (i32.add (local.get $start) (i32.sub (local.get $cp) (local.get $c))) (i32.const 0) (local.get $start)))
            ;; Row scales: the micro-kernel's rows start at row i of the scale vector.
            (local.set $mb (select (i32.add (local.get $bias) (i32.shl (local.get $i) (i32.const 2))) (local.get $pb) (i32.eq (local.get $scaled) (i32.const ${SCALE_ROWS}))))
            (local.set $g (i32.const 1))
            (if (i32.eq (local.get $cols) (i32.const 8))
              (then
                ;; Every whole group left in one call (see microKernel).
                (if (i32.eq (local.get $rows) (i32.const ${ROWS})) (then (local.set $g (i32.shr_u (i32.sub (local.get $i1) (local.get $i)) (i32.const 2)))))
                (call $mkRows (local.get $rows) (local.get $at) (local.get $b) (local.get $bks) (local.get $cp) (local.get $ldc) (local.get $kk) (local.get $mb) (local.get $sp) (local.get $scaled) (local.get $g)))
              (else
                ;; The ragged panel in the tile: it starts as a full panel's accumulators do (bias + start, or the
                ;; scaled start; zero beyond the valid columns), so that chunks of k add up as they do there, and
                ;; its valid columns are copied out.
                (local.set $r (i32.const 0))
                (loop $R0
                  (local.set $j (i32.const 0))
                  (loop $J0
                    (f32.store (i32.add (local.get $tile) (i32.add (i32.shl (local.get $r) (i32.const 5)) (i32.shl (local.get $j) (i32.const 2))))
                      (if (result f32) (i32.ge_u (local.get $j) (local.get $cols))
                        (then (f32.const 0))
                        (else (if (result f32) (local.get $scaled)
                          (then (f32.mul
                            (f32.load (i32.add (i32.add (local.get $sp) (i32.mul (local.get $r) (local.get $ldc))) (i32.shl (local.get $j) (i32.const 2))))
                            (f32.load (i32.add (local.get $mb) (i32.shl (select (local.get $r) (local.get $j) (i32.eq (local.get $scaled) (i32.const ${SCALE_ROWS}))) (i32.const 2))))))
                          (else (f32.add
                            (if (result f32) (local.get $pb) (then (f32.load (i32.add (local.get $pb) (i32.shl (local.get $j) (i32.const 2))))) (else (f32.const 0)))
                            (if (result f32) (local.get $sp)
                              (then (f32.load (i32.add (i32.add (local.get $sp) (i32.mul (local.get $r) (local.get $ldc))) (i32.shl (local.get $j) (i32.const 2)))))
                              (else (f32.const 0)))))))))
                    (local.set $j (i32.add (local.get $j) (i32.const 1)))
                    (br_if $J0 (i32.lt_u (local.get $j) (i32.const 8))))
                  (local.set $r (i32.add (local.get $r) (i32.const 1)))
                  (br_if $R0 (i32.lt_u (local.get $r) (local.get $rows))))
                (call $mkRows (local.get $rows) (local.get $at) (local.get $b) (local.get $bks) (local.get $tile) (i32.const 32) (local.get $kk) (i32.const 0) (local.get $tile) (i32.const 0) (i32.const 1))
                (local.set $r (i32.const 0))
                (loop $R
                  (local.set $j (i32.const 0))
                  (loop $J
                    (f32.store (i32.add (i32.add (local.get $cp) (i32.mul (local.get $r) (local.get $ldc))) (i32.shl (local.get $j) (i32.const 2)))
                      (f32.load (i32.add (local.get $tile) (i32.add (i32.shl (local.get $r) (i32.const 5)) (i32.shl (local.get $j) (i32.const 2))))))
                    (local.set $j (i32.add (local.get $j) (i32.const 1)))
                    (br_if $J (i32.lt_u (local.get $j) (local.get $cols))))
                  (local.set $r (i32.add (local.get $r) (i32.const 1)))
                  (br_if $R (i32.lt_u (local.get $r) (local.get $rows))))))
            (local.set $i (i32.add (local.get $i) (i32.shl (local.get $g) (i32.const 2))))
            (br $I)))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $P)))
        (local.set $k0 (i32.add (local.get $k0) (local.get $kk)))
        (local.set $bias (i32.const 0))
        (local.set $start (local.get $c))
        (local.set $scaled (i32.const 0))
        (br_if $K0 (i32.lt_u (local.get $k0) (local.get $k))))
      (br $I0)))
  )`;

/** The GEMM's functions (exports `pack` and `gemm`), for module-wat.ts. */
export function gemmFunctions(fma: boolean): string {
  const kernels = Array.from({ length: ROWS }, (_, r) => microKernel(r + 1, fma)).join('\n  ');
  return `${kernels}
  ${rowsDispatch()}
  ${PACK_A}
  ${PACK_ROWS}
  ${PACK}
  ${TOUCH}
  ${GEMM}`;
}
