/**
 * TensorFlow.js weight files (tfjs-converter's layout): the tensors' little-endian float32 bytes concatenated in
 * manifest order and cut into shards of at most `shardBytes` (4 MB, the converter's default) regardless of tensor
 * boundaries, named group1-shard<i>of<N>.bin. `tf.io.decodeWeights` on the concatenated shards reads them back.
 */
export interface TfjsWeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: 'float32';
}

export interface TfjsWeightsGroup {
  readonly paths: readonly string[];
  readonly weights: readonly TfjsWeightSpec[];
}

export interface TfjsWeights {
  readonly manifest: TfjsWeightsGroup;
  readonly shards: readonly Uint8Array[];
}

export interface NamedArray {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export const TFJS_SHARD_BYTES = 4 * 1024 * 1024;

export function tfjsWeights(tensors: ReadonlyMap<string, NamedArray>, shardBytes = TFJS_SHARD_BYTES): TfjsWeights {
  const weights: TfjsWeightSpec[] = [];
  let total = 0;
  for (const [name, t] of tensors) {
    if (t.data.length !== t.shape.reduce((a, b) => a * b, 1)) throw new Error(`"${name}": ${t.data.length} values for shape [${t.shape}]`);
    weights.push({ name, shape: [...t.shape], dtype: 'float32' });
    total += t.data.byteLength;
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (const t of tensors.values()) {
    all.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    at += t.data.byteLength;
  }
  const count = Math.max(1, Math.ceil(total / shardBytes));
  const shards = Array.from({ length: count }, (_, i) => all.subarray(i * shardBytes, Math.min(total, (i + 1) * shardBytes)));
  const paths = shards.map((_, i) => `group1-shard${i + 1}of${count}.bin`);
  return { manifest: { paths, weights }, shards };
}
