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
