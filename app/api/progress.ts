import { z } from 'zod';

export const Progress = z.object({
  done: z.number().nonnegative(),
  total: z.number().nonnegative().nullable(),
  /** items per second over the whole operation so far */
  rate: z.number().nonnegative(),
  etaSeconds: z.number().nonnegative().nullable(),
  message: z.string().optional(),
});
export type Progress = z.infer<typeof Progress>;

/**
 * Computes rate and ETA from counts so every long operation reports them the same way.
 * `now` is injectable so the arithmetic can be tested without sleeping.
 */
export function createProgressMeter(total: number | null, now: () => number = () => performance.now()) {
  const start = now();
  return (done: number, message?: string): Progress => {
    const seconds = (now() - start) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const etaSeconds = total !== null && rate > 0 ? Math.max(0, (total - done) / rate) : null;
    return message === undefined ? { done, total, rate, etaSeconds } : { done, total, rate, etaSeconds, message };
  };
}
