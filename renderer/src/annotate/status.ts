import type { ImageWorkStatus } from '../../../app/api/schemas/annotations';

export const STATUS_TEXT: Record<ImageWorkStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  done: 'Done',
  skipped: 'Skipped',
};

export const STATUS_ORDER: readonly ImageWorkStatus[] = ['not_started', 'in_progress', 'done', 'skipped'];
