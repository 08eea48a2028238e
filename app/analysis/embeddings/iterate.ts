import { setImmediate as nextTurn } from 'node:timers/promises';

export interface IterateOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
  /** Steps between checks of the signal (each check lets the event loop deliver an abort). */
  readonly every?: number;
}

/**
 * Runs `step` for i = 0…total−1 synchronously in slices, handing the event loop a turn between slices: an
 * optimiser loop of many cheap steps (t-SNE, UMAP epochs) stays cancellable and reports progress.
 */
export async function iterate(total: number, step: (i: number) => void, options: IterateOptions = {}): Promise<void> {
  const every = options.every ?? 10;
  for (let i = 0; i < total; i++) {
    if (i % every === 0) {
      await nextTurn();
      options.signal?.throwIfAborted();
      if (i > 0) options.onProgress?.(i, total);
    }
    step(i);
  }
  options.onProgress?.(total, total);
}
