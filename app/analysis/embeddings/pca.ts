import { PCA } from 'ml-pca';

/** The first two principal components (centred, unscaled; SVD). A 1-d input gives y = 0. */
export function pca(vectors: readonly Float32Array[]): number[][] {
  const model = new PCA(vectors.map((v) => Array.from(v)));
  const components = Math.min(2, vectors[0]?.length ?? 0, vectors.length);
  return model
    .predict(vectors.map((v) => Array.from(v)), { nComponents: components })
    .to2DArray()
    .map((p) => [p[0] ?? 0, p[1] ?? 0]);
}
