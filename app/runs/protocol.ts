import type { TrainConfigInput } from '../ssl/train/config';

/** Messages between the host (RunManager) and a training child process. */
export interface StartMessage {
  readonly type: 'start';
  readonly runId: number;
  readonly config: TrainConfigInput;
  /** Absolute paths of the cached working-resolution PNGs, in a fixed order (a seeded run depends on it). */
  readonly files: readonly string[];
  readonly checkpointDir: string;
  readonly backend?: string;
  /** Steps between probe previews (taken at checkpoints); default: every checkpoint. */
  readonly previewEvery?: number;
}

export type HostMessage = StartMessage | { readonly type: 'stop' };

export type ChildMessage =
  | { readonly type: 'started'; readonly backend: string; readonly threads: number; readonly resumedAt: number }
  | { readonly type: 'step'; readonly step: number; readonly values: Readonly<Record<string, number>>; readonly wallTime: number }
  | { readonly type: 'checkpoint'; readonly step: number; readonly file: string; readonly sha256: string }
  | { readonly type: 'ended'; readonly step: number; readonly aborted: boolean }
  | { readonly type: 'failed'; readonly message: string };
