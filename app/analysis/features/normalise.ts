/** Each `dim`-long row of `data` scaled to unit L2 length in place (all-zero rows stay zero); returns `data`. */
export function normaliseRows(data: Float32Array, dim: number): Float32Array {
  for (let at = 0; at < data.length; at += dim) {
    let sum = 0;
    for (let k = 0; k < dim; k++) sum += data[at + k]! ** 2;
    const scale = sum > 0 ? 1 / Math.sqrt(sum) : 0;
    for (let k = 0; k < dim; k++) data[at + k]! *= scale;
  }
  return data;
}
