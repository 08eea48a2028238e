/** Turns a backend failure into what the researcher should change, keeping the original message for the log. */
export function adviseOnFailure(message: string, backend: string, batch: number, microBatch: number, imageSize: number): string {
  if (/out of memory|OOM|Cannot allocate|memory access out of bounds|Aborted\(|allocation failed|heap/i.test(message)) {
    return (
      `Out of memory on the ${backend} backend (batch ${batch}, micro-batch ${microBatch}, image ${imageSize} px). ` +
      `Use a smaller micro-batch (gradient accumulation keeps the effective batch), a smaller image size, or another backend. ` +
      `(${message.split('\n')[0]})`
    );
  }
  if (/backend|kernel .* not registered|WebAssembly|wasm/i.test(message)) {
    return `The ${backend} compute backend failed: ${message.split('\n')[0]}. Try another backend (CXR_BACKEND=cpu is slow but always works).`;
  }
  return message.split('\n')[0] ?? message;
}
