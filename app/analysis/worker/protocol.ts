import type { ErrorCode } from '../../api/errors';

/** Messages between the app host and the analysis worker thread. Inputs and outputs are plain structured-clone data. */
export type HostToWorker = { readonly type: 'call'; readonly id: number; readonly op: string; readonly input: unknown } | { readonly type: 'cancel'; readonly id: number };

export type WorkerToHost =
  | { readonly type: 'ready'; readonly compute: string }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'progress'; readonly id: number; readonly done: number; readonly total: number | null; readonly message?: string }
  | { readonly type: 'result'; readonly id: number; readonly value: unknown }
  | { readonly type: 'error'; readonly id: number; readonly code: ErrorCode; readonly message: string };
