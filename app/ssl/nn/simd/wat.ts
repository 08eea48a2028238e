/** Small builders of WebAssembly text shared by the kernel generators. */
export const get = (name: string): string => `(local.get $${name})`;
export const i32 = (value: number): string => `(i32.const ${value})`;
export const add = (x: string, y: string): string => `(i32.add ${x} ${y})`;
export const mul = (x: string, y: string): string => `(i32.mul ${x} ${y})`;
export const f32x4 = (value: number): string => `(f32x4.splat (f32.const ${value}))`;

/** a·b + c on f32x4: relaxed (fused or not, per machine) when fma, else a multiply and an add. */
export const multiplyAdd = (fma: boolean, a: string, b: string, c: string): string =>
  fma ? `(f32x4.relaxed_madd ${a} ${b} ${c})` : `(f32x4.add (f32x4.mul ${a} ${b}) ${c})`;

/** Horner's rule on f32x4: coefficients highest degree first, in the variable t. */
export function horner(fma: boolean, t: string, coefficients: readonly number[]): string {
  let acc = f32x4(coefficients[0] ?? 0);
  for (const c of coefficients.slice(1)) acc = multiplyAdd(fma, acc, t, f32x4(c));
  return acc;
}

/** Floats l (0–3 from local a, 4–7 from local b) of two f32x4 locals as one f32x4. */
export const shuffle = (a: string, b: string, ...l: number[]): string =>
  `(i8x16.shuffle ${l.flatMap((i) => [4 * i, 4 * i + 1, 4 * i + 2, 4 * i + 3]).join(' ')} (local.get $${a}) (local.get $${b}))`;

/** Sum and maximum of the four lanes of an f32x4 expression. */
export const hsum = (v: string): string =>
  `(f32.add (f32.add (f32x4.extract_lane 0 ${v}) (f32x4.extract_lane 1 ${v})) (f32.add (f32x4.extract_lane 2 ${v}) (f32x4.extract_lane 3 ${v})))`;
export const hmax = (v: string): string =>
  `(f32.max (f32.max (f32x4.extract_lane 0 ${v}) (f32x4.extract_lane 1 ${v})) (f32.max (f32x4.extract_lane 2 ${v}) (f32x4.extract_lane 3 ${v})))`;

/** for (counter = from; counter < to; counter += step) body — unsigned i32 locals, label unique per function. */
export const forLoop = (label: string, counter: string, from: string, to: string, step: number, body: string): string => `(local.set $${counter} ${from})
      (block $${label}_END (loop $${label}
        (br_if $${label}_END (i32.ge_u (local.get $${counter}) ${to}))
        ${body}
        (local.set $${counter} (i32.add (local.get $${counter}) (i32.const ${step})))
        (br $${label})))`;

/** Vectors of 4 floats per iteration of overFloats' main loop. */
const UNROLL = 4;

/**
 * An export `name`(params…, n) looping over n floats four at a time, then the last four when n is ragged
 * (n ≥ 4; recomputes up to three values, so outputs must not alias inputs); `body` reads and writes at $o.
 * The body is written out in line, UNROLL copies per iteration: as a function called per vector (V8 does
 * not inline wasm calls) GELU's value ran at 2.2 ms for a [788,768] activation, in line at 1.35, four
 * copies per iteration (independent chains for the out-of-order core) at 0.82.
 */
export function overFloats(name: string, params: readonly string[], locals: string, body: string): string {
  const step = '(local.set $o (i32.add (local.get $o) (i32.const 16)))';
  const copies = Array.from({ length: UNROLL }, () => `${body}\n      ${step}`).join('\n      ');
  return `(func (export "${name}") ${params.map((p) => `(param $${p} i32)`).join(' ')} (param $n i32) (local $o i32) (local $end i32) ${locals}
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (block $WIDE_DONE (loop $WIDE
      (br_if $WIDE_DONE (i32.gt_u (i32.add (local.get $o) (i32.const ${16 * UNROLL})) (local.get $end)))
      ${copies}
      (br $WIDE)))
    (block $DONE (loop $L
      (br_if $DONE (i32.ge_u (local.get $o) (local.get $end)))
      ${body}
      ${step}
      (br $L)))
    (if (i32.and (local.get $n) (i32.const 3))
      (then
        (local.set $o (i32.shl (i32.sub (local.get $n) (i32.const 4)) (i32.const 2)))
        ${body})))`;
}

export const at = (pointer: string): string => `(i32.add (local.get $${pointer}) (local.get $o))`;
