/** How the monitor shows each metric the trainer records (app/runs/train-process.ts). */
export interface MetricSpec {
  readonly name: string;
  readonly label: string;
  readonly unit?: string;
  /** Noisy per-step measurements get the EMA; schedules (lr, momentum…) are drawn as they are. */
  readonly smooth: boolean;
  /** Follows the log-scale toggle (losses and the learning rate span decades; the rest does not). */
  readonly log?: boolean;
}

const KNOWN: readonly MetricSpec[] = [
  { name: 'lr', label: 'Learning rate', smooth: false, log: true },
  { name: 'weight_decay', label: 'Weight decay', smooth: false },
  { name: 'momentum', label: 'Teacher momentum', smooth: false },
  { name: 'teacher_temp', label: 'Teacher temperature', smooth: false },
  { name: 'images_per_s', label: 'Throughput', unit: 'images/s', smooth: true },
  { name: 'ms_per_step', label: 'Step time', unit: 'ms', smooth: true },
  { name: 'rss_mb', label: 'Memory (RSS)', unit: 'MB', smooth: false },
  { name: 'num_tensors', label: 'Tensors', smooth: false },
];

const LOSS_ORDER = ['total', 'global', 'comp', 'decomp', 'local'];

export const isLoss = (name: string): boolean => name.startsWith('loss/');

export function metricSpec(name: string): MetricSpec {
  if (isLoss(name)) return { name, label: `Loss: ${name.slice(5)}`, smooth: true, log: true };
  return KNOWN.find((m) => m.name === name) ?? { name, label: name.replace(/_/g, ' '), smooth: false };
}

/** The charts of a run, in order: every loss term (total first), then schedules, throughput and memory. Not 'epoch'. */
export function chartedMetrics(names: readonly string[]): string[] {
  const losses = names.filter(isLoss).sort((a, b) => {
    const ia = LOSS_ORDER.indexOf(a.slice(5));
    const ib = LOSS_ORDER.indexOf(b.slice(5));
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
  const known = KNOWN.map((m) => m.name).filter((n) => names.includes(n));
  const other = names.filter((n) => !isLoss(n) && n !== 'epoch' && !KNOWN.some((m) => m.name === n)).sort();
  return [...losses, ...known, ...other];
}

/** A metric value in 4 significant digits, exponent notation for very small or large magnitudes. */
export function formatValue(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(2);
  if (a >= 1000) return Math.round(v).toLocaleString('en-US');
  return String(Number(v.toPrecision(4)));
}

/** Axis labels: like formatValue, with exponents as short as they go ("4e-4", "1.5e-6"). */
export function formatTick(v: number): string {
  return formatValue(v).replace(/\.?0+e/, 'e');
}

/** "14:03:27" local wall time of a trainer's timestamp (seconds since the epoch), with the date ("11-21 14:03:27") when not today. */
export function formatWallTime(seconds: number, now: Date = new Date()): string {
  if (!Number.isFinite(seconds)) return '—';
  const d = new Date(seconds * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return d.toDateString() === now.toDateString() ? time : `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}
