/** Token grids of L2-normalised features: [rows·cols, dim] row-major. */
export interface TokenGrid {
  readonly rows: number;
  readonly cols: number;
  readonly dim: number;
  readonly tokens: Float32Array;
}

/** The token a point falls in; x, y are fractions of the image width and height in [0, 1]. */
export function tokenAt(grid: Pick<TokenGrid, 'rows' | 'cols'>, x: number, y: number): { row: number; col: number } {
  const clamp = (v: number, n: number): number => Math.min(n - 1, Math.max(0, Math.floor(v * n)));
  return { row: clamp(y, grid.rows), col: clamp(x, grid.cols) };
}

/** Cosine similarity of every token to token (row, col): dot products, as the tokens are unit vectors. */
export function similarityTo(grid: TokenGrid, row: number, col: number): Float32Array {
  const { rows, cols, dim, tokens } = grid;
  if (row < 0 || row >= rows || col < 0 || col >= cols) throw new RangeError(`token (${row}, ${col}) outside the ${rows}×${cols} grid`);
  const q = (row * cols + col) * dim;
  const out = new Float32Array(rows * cols);
  for (let t = 0; t < rows * cols; t++) {
    let s = 0;
    for (let k = 0; k < dim; k++) s += (tokens[t * dim + k] ?? 0) * (tokens[q + k] ?? 0);
    out[t] = s;
  }
  return out;
}
