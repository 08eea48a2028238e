import { z } from 'zod';

/** The "cxr-ssl-vectors/1" file format (golden vectors written by an independent PyTorch reference). */
const tensorSchema = z
  .object({
    shape: z.array(z.number().int().nonnegative()),
    dtype: z.enum(['float32', 'float64', 'int32']),
    data: z.array(z.number()).optional(),
    entries: z.array(z.array(z.number())).optional(),
  })
  .refine((t) => (t.data === undefined) !== (t.entries === undefined), 'a tensor has exactly one of data / entries');

export type WireTensor = z.infer<typeof tensorSchema>;

export const toleranceSchema = z.object({
  abs: z.number().nonnegative(),
  rel: z.number().nonnegative(),
  fields: z.record(z.string(), z.object({ abs: z.number().nonnegative(), rel: z.number().nonnegative() })).optional(),
});
export type Tolerance = z.infer<typeof toleranceSchema>;

export const caseSchema = z.object({
  name: z.string(),
  kind: z.string(),
  params: z.record(z.string(), z.unknown()),
  input: z.record(z.string(), z.unknown()),
  expected: z.unknown(),
  tolerance: toleranceSchema,
  debug: z.unknown().optional(),
});
export type VectorCase = z.infer<typeof caseSchema>;

export const fileSchema = z.object({
  format: z.literal('cxr-ssl-vectors/1'),
  conventions: z.record(z.string(), z.unknown()).optional(),
  cases: z.array(caseSchema),
});
export type VectorFile = z.infer<typeof fileSchema>;

/** Host tensor: row-major data. */
export interface HostTensor {
  readonly shape: readonly number[];
  readonly dtype: 'float32' | 'float64' | 'int32';
  readonly data: Float32Array | Float64Array | Int32Array;
}

export function isWireTensor(v: unknown): v is WireTensor {
  return typeof v === 'object' && v !== null && 'shape' in v && 'dtype' in v && ('data' in v || 'entries' in v);
}

export function isHostTensor(v: unknown): v is HostTensor {
  return typeof v === 'object' && v !== null && 'shape' in v && 'data' in v && ArrayBuffer.isView((v as HostTensor).data);
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Densifies and types a wire tensor; float32 values are rounded through Float32Array to recover the exact inputs. */
export function decodeTensor(raw: unknown): HostTensor {
  const t = tensorSchema.parse(raw);
  const n = size(t.shape);
  const data = t.dtype === 'float32' ? new Float32Array(n) : t.dtype === 'float64' ? new Float64Array(n) : new Int32Array(n);
  if (t.data !== undefined) {
    if (t.data.length !== n) throw new Error(`tensor data has ${t.data.length} values for shape [${t.shape}]`);
    data.set(t.data);
    return { shape: t.shape, dtype: t.dtype, data };
  }
  const rank = t.shape.length;
  for (const entry of t.entries ?? []) {
    if (entry.length !== rank + 1) throw new Error(`sparse entry of length ${entry.length} for rank ${rank}`);
    let idx = 0;
    for (let d = 0; d < rank; d++) {
      const i = entry[d] ?? -1;
      const dim = t.shape[d] ?? 0;
      if (!Number.isInteger(i) || i < 0 || i >= dim) throw new Error(`sparse index ${i} outside dim ${dim}`);
      idx = idx * dim + i;
    }
    data[idx] = entry[rank] ?? 0;
  }
  return { shape: t.shape, dtype: t.dtype, data };
}

export function parseVectorFile(json: unknown): VectorFile {
  return fileSchema.parse(json);
}
