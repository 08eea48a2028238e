import type { Layout, ParamSpec } from './params';

/** Conversions between our storage layouts and PyTorch state-dict layouts (host arrays, exact reindexing). */
export interface HostArray {
  readonly shape: readonly number[];
  readonly data: ArrayLike<number>;
}

export function torchShape(layout: Layout, shape: readonly number[]): number[] {
  const [rows = 0, cols = 0] = shape;
  switch (layout.kind) {
    case 'identity':
      return [...shape];
    case 'linear':
      return [cols, rows];
    case 'conv':
      return [cols, layout.inChannels, layout.kernel, layout.kernel];
  }
}

/** Our flat index → PyTorch flat index, for a 2-D tensor of ours [rows, cols]. */
function torchIndex(layout: Layout, shape: readonly number[], r: number, c: number): number {
  const [rows = 0] = shape;
  if (layout.kind === 'linear') return c * rows + r;
  if (layout.kind === 'conv') {
    // r = (ky·k + kx)·cin + ch; PyTorch index ((c·cin + ch)·k + ky)·k + kx.
    const { inChannels: cin, kernel: k } = layout;
    const ch = r % cin;
    const kx = Math.floor(r / cin) % k;
    const ky = Math.floor(r / (cin * k));
    return ((c * cin + ch) * k + ky) * k + kx;
  }
  throw new Error('identity layout has no reindexing');
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

export function fromTorch(spec: ParamSpec, torch: HostArray): Float32Array {
  const expected = torchShape(spec.layout, spec.shape);
  if (!sameShape(torch.shape, expected)) throw new Error(`"${spec.name}": PyTorch shape [${torch.shape}] but expected [${expected}]`);
  if (spec.layout.kind === 'identity') return Float32Array.from(torch.data);
  const [rows = 0, cols = 0] = spec.shape;
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r * cols + c] = torch.data[torchIndex(spec.layout, spec.shape, r, c)] ?? NaN;
  return out;
}

export function toTorch(spec: ParamSpec, ours: ArrayLike<number>): HostArray {
  const shape = torchShape(spec.layout, spec.shape);
  if (spec.layout.kind === 'identity') return { shape, data: Float32Array.from(ours) };
  const [rows = 0, cols = 0] = spec.shape;
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[torchIndex(spec.layout, spec.shape, r, c)] = ours[r * cols + c] ?? NaN;
  return { shape, data: out };
}
