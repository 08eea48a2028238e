import { z } from 'zod';
import { ApiErrorShape } from '../errors';
import { Progress } from '../progress';

export const JobSummary = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  /** The dataset the job fills (imports, the sample set), once known. */
  datasetId: z.number().int().positive().nullable(),
  state: z.enum(['running', 'finished', 'failed', 'cancelled']),
  progress: Progress.nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  error: ApiErrorShape.nullable(),
  result: z.unknown(),
});
export type JobSummary = z.infer<typeof JobSummary>;
